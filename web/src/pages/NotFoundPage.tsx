import { Link } from 'wouter';
import { EmptyState } from '../components/Feedback';

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState
        title="This page does not exist"
        action={
          <Link href="/customers" className="btn">
            Go to customers
          </Link>
        }
      >
        The address may be mistyped, or the page has moved.
      </EmptyState>
    </div>
  );
}
