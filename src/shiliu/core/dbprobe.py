"""`python -m shiliu.core.dbprobe URL`: exit 0 when that PostgreSQL database answers, 1 otherwise.

The Makefile uses it to decide whether the PostgreSQL pass of `make test` can run.
"""

import sys

import dj_database_url


def reachable(url: str) -> bool:
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return False
    try:
        import psycopg

        with psycopg.connect(
            dbname=config["NAME"],
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=3,
        ):
            return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(0 if len(sys.argv) > 1 and reachable(sys.argv[1]) else 1)
