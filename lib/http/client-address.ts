// The client's network address as the nearest proxy saw it.
// `next start` fills X-Forwarded-For with the socket's address when the request has none; a reverse proxy in front
// (nginx, a load balancer) appends the address it saw, so the rightmost entry is the one no client can choose.
// Served without a proxy, a client can send its own header: the per-account limit still holds then (README).
export function clientAddress(headers: Headers): string {
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return entries.at(-1)?.toLowerCase() ?? "unknown";
}
