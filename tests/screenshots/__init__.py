"""Screenshot tools: PNGs of the app's windows and PDF pages, to look at (not tests).

    python -m tests.screenshots [--out DIR] [--size 1366x768] [--only NAME ...] [--list]

(`make screenshots` runs it.) Each module here makes one set of pictures with a
``run(out, size)`` function; ``__main__`` lists them in SHOTS.
"""
