import type { FleetReport } from '@keel/jdk-detect';

/** Something the agent could not scan: reported, never fatal. */
export type Problem = FleetReport['problems'][number];
