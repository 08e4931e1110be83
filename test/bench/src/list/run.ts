export async function runListBench(..._args: unknown[]): Promise<unknown> { return {}; }
export function printListResult(_r: unknown): void {}
