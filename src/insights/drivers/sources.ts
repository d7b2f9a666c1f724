import type { DriverFeatureSource } from './features.ts';
import { journeyFeatures } from './journey-source.ts';
import { serviceFeatures } from './service-source.ts';
import { themeFeatures } from './theme-source.ts';

/** Every source of driver features. */
export const DRIVER_SOURCES: DriverFeatureSource[] = [journeyFeatures, serviceFeatures, themeFeatures];
