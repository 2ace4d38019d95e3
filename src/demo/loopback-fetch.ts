/**
 * The demo's HTTP client beneath grammY: only the embedded Telegram on 127.0.0.1 is reachable. Whatever a future
 * setting might point the bot at, nothing leaves the machine in demo mode (a refusal is a network error to the bot).
 */
export function loopbackOnlyFetch(base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost" && url.hostname !== "[::1]") {
      return Promise.reject(new TypeError(`demo: ${url.hostname} is outside this machine; the demo talks only to the embedded Telegram`));
    }
    return base(input, init);
  };
}
