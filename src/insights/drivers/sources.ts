import type { DriverFeatureSource } from './features.ts';
import { journeyFeatures } from './journey-source.ts';
import { serviceFeatures } from './service-source.ts';

/** Every source of driver features; the themes a comment mentions join here as one more source. */
export const DRIVER_SOURCES: DriverFeatureSource[] = [journeyFeatures, serviceFeatures];
