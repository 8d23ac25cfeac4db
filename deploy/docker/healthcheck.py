#!/usr/bin/env python3
"""Container health probe: GET a URL and exit 0 on a 2xx answer, 1 otherwise.

The python:3.11-slim base ships neither curl nor wget, and installing one only for this would add a package
to every image; the standard library does the job. The URL is the first argument, else ``TF_HEALTH_URL``
(each image sets it to its app's ``/healthz``; a worker container points it at its metrics port).
"""

import os
import sys
import urllib.request


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TF_HEALTH_URL", "")
    if not url:
        print("unhealthy: no URL (pass one or set TF_HEALTH_URL)", file=sys.stderr)
        return 1
    timeout = float(os.environ.get("TF_HEALTH_TIMEOUT_S", "4"))
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (a fixed local URL)
            return 0 if 200 <= response.status < 300 else 1
    except Exception as exc:  # any failure means unhealthy; say why for `docker inspect`
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
