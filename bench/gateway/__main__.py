"""`python -m bench.gateway`: run the gateway benchmark (see bench/gateway/run.py for the options)."""

from bench.gateway.run import main

if __name__ == "__main__":
    raise SystemExit(main())
