// The wizard's five steps, in order (troubleshooting is a side branch, not a step).
export const STEPS = ['box', 'credentials', 'generate', 'validity', 'done'] as const;
export type StepId = (typeof STEPS)[number];
