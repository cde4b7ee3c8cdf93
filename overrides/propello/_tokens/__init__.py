"""Access tokens: the httpx auth flow that fetches, caches and renews them (auth.py), and where they are kept
(stores.py: in memory, or a file shared by the processes of one host; the Redis store lives in _fleet/)."""
