// Types of scripts/model-pack.js, for the tests that write packs with it.
import type { ServiceBundle } from '../src/core/model/types.js';

export function bucketOf(service: string): string;
export function writePacks(dir: string, bundles: Map<string, ServiceBundle>): void;
