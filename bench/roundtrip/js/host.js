// The JS side of the round trips: an async function that resolves at once, and one that
// rejects.
export async function js_identity(x) { return x; }
export async function js_reject(x) { throw x; }
