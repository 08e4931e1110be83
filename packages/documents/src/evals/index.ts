// Scoring model outputs against ground truth (issue 10).
export {};
