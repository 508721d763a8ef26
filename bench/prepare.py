"""Prepare ``<name>_base``, the database every section copies: migrated, the
seed regulations imported (``import_policies``), the demo accounts made
(``setup_demo``), static files collected. Kept between runs while the
migrations, the seeds and this file are unchanged (their hash is the
database's comment); ``--force`` rebuilds it."""
import hashlib
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def fingerprint(seeds):
    digest = hashlib.sha256()
    files = sorted(common.ROOT.glob("*/migrations/*.py")) + sorted(Path(seeds).glob("*.txt"))
    files += [Path(__file__), common.ROOT / "people" / "demo.py"]
    for path in files:
        # Named relative to the checkout (seeds by file name), so two checkouts of one commit share the database.
        name = path.relative_to(common.ROOT) if path.is_relative_to(common.ROOT) else Path(path.name)
        digest.update(str(name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def current_comment(name):
    with common._admin_connection() as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           [name]).fetchone()
    return row[0] if row else None


def main():
    seeds = Path(common.os.environ.get("SEEDS", common.ROOT.parent / "shared" / "seeds")).resolve()
    url = common.database_url("base")
    name = common.database_name(url)
    mark = fingerprint(seeds)
    if "--force" not in sys.argv and current_comment(name) == mark:
        print(f"prepare: {name} is up to date ({mark})", flush=True)
        return
    common.drop_database(url)
    with common._admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**common.os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": common.SETTINGS,
           "DJANGO_SECRET_KEY": "bench-only-secret-key", "LOG_LEVEL": "WARNING"}
    manage = [sys.executable, "manage.py"]
    print(f"prepare: building {name} (migrate, import seeds from {seeds}, demo accounts)", flush=True)
    subprocess.run(manage + ["migrate", "--noinput", "-v0"], cwd=common.ROOT, env=env, check=True)
    subprocess.run(manage + ["import_policies", "--publish", *map(str, sorted(seeds.glob("*.txt")))], cwd=common.ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(manage + ["setup_demo"], cwd=common.ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(manage + ["collectstatic", "--noinput", "-v0"], cwd=common.ROOT, env=env, check=True)
    with common._admin_connection() as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{mark}'")
    print(f"prepare: {name} ready ({mark})", flush=True)


if __name__ == "__main__":
    main()
