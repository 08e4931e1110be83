export async function runMemoryBench(..._args: unknown[]): Promise<unknown> { return {}; }
export function printMemoryResult(_r: unknown): void {}
