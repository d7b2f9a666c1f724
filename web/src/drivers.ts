// What drives NPS, CSAT and CES, as the web app reads it (GET /insights/drivers).

export type DriverMetric = 'nps' | 'csat' | 'ces';

export const DRIVER_METRIC_LABELS: Record<DriverMetric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

/** The metric's points: NPS points, or percentage points of satisfied (CSAT) / found it easy (CES). */
export const POINT_UNITS: Record<DriverMetric, string> = { nps: 'NPS points', csat: 'points of satisfied', ces: 'points of found it easy' };

export type DriverKind = 'touchpoint' | 'event' | 'service' | 'theme';

export interface Driver {
  key: string;
  kind: DriverKind;
  label: string;
  nWith: number;
  nWithout: number;
  enough: boolean;
  meanWith: number | null;
  meanWithout: number | null;
  importance: number | null;
  interval: [number, number] | null;
  effect: number | null;
  effectInterval: [number, number] | null;
  direction: 'positive' | 'negative' | 'unclear' | null;
}

export interface Friction {
  key: string;
  kind: DriverKind;
  label: string;
  reach: number;
  drop: number;
  impact: number;
  interval: [number, number];
}

export interface DriversReport {
  metric: DriverMetric;
  n: number;
  anonymous: number;
  baseline: number;
  r2: number;
  drivers: Driver[];
  friction: Friction[];
}

/** A signed number of points: "+12.5", "−3". */
export const formatPoints = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toLocaleString(undefined, { maximumFractionDigits: 1 })}`);
