"""The transport stack under our httpx client, one file per layer, top to bottom; each holds its policy and its
sync/async pair:

    client.py      our httpx clients: send() turns every failure into a typed error; the event-loop check, and
                   whether the client is closed (pool.py's Lifetime) before anything is sent
      (auth: _tokens/auth.py, httpx's auth flow)
    retry.py       when to retry (Operation, outcome, attempt), Retry-After, "was it sent"; RetryTransport pair
    rate_limit.py  RateLimitTransport pair and the waits for a permit (limiter.py: the in-process count)
    pool.py        the client's own connection pool, or the caller's http_client; Lifetime, the one "is it
                   closed" check, asked again before each request; starts each attempt's clock
    wire.py        the own pool's transport: httpx.HTTPTransport's equivalent over an httpcore pool on network.py
    network.py     httpcore network backends: every connect (name resolution included), read and write within the
                   time the attempt has left (deadline.py: `timeout` per attempt, `deadline` per call)
    bodies.py      response bodies read within max_response_bytes (used by retry.py for each attempt)
"""
