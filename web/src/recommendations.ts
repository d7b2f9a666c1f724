// A customer's recommendations, as the API gives them (see src/recommend/presenters.ts):
// computed by the server from the workspace's orders, never here.

export interface ProductRef {
  sku: string;
  name: string | null;
}

export interface Recommendation extends ProductRef {
  reason: 'bought_together' | 'popular';
  /** Sum of its similarities to what the customer bought; null for a popular fallback. */
  score: number | null;
  because: ProductRef | null;
  customersBoth: number | null;
}

export interface CustomerRecommendations {
  customerId: string;
  refreshedAt: string | null;
  data: Recommendation[];
}

export const productLabel = (p: ProductRef) => p.name ?? p.sku;
