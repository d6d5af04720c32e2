"""SHILIU_ENV=production selects hardened settings with no defaults for secrets.

Run in a subprocess: settings are read once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]


def manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "SHILIU_ENV", "SHILIU_FIELD_KEYS",
                     "SHILIU_BLIND_INDEX_KEY"}
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, str(REPO / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "SHILIU_ENV": "production",
        "SHILIU_FIELD_KEYS": "jlaUMLvxA49_l-hpna2Lbm4bZ1kR_DTYuISiqbo68Xc=",
        "SHILIU_BLIND_INDEX_KEY": "blind-index-key-for-the-production-settings-test",
        "SECRET_KEY": "k7#Qv9!pZr2@Lm5$Xw8^Tb4&Nc1*Hd6(Jf3)Gs0-Ye+Ua=Io_Pe~Ry",
        "ALLOWED_HOSTS": "shiliu.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(tmp_path: Path, missing: str) -> None:
    env = production_env(tmp_path)
    del env[missing]
    result = manage(["check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set in the environment when SHILIU_ENV=production" in result.stderr


def test_the_loopback_bench_flag_is_refused_for_a_public_host(tmp_path: Path) -> None:
    result = manage(["check"], {**production_env(tmp_path), "SHILIU_LOOPBACK_HTTP": "1"})
    assert result.returncode != 0
    assert "SHILIU_LOOPBACK_HTTP is for a benchmark on this machine" in result.stderr


def test_the_loopback_bench_flag_drops_the_https_redirect_and_keeps_cookies_secure(tmp_path: Path) -> None:
    env = {**production_env(tmp_path), "SHILIU_LOOPBACK_HTTP": "1", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    shown = ("from django.conf import settings as s; "
             "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    result = manage(["shell", "--no-imports", "-c", shown], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False", "True", "True"]
    # and without the flag the same hosts still get the redirect
    plain = manage(["shell", "--no-imports", "-c", shown], {**env, "SHILIU_LOOPBACK_HTTP": "0"})
    assert plain.stdout.splitlines()[-1].split() == ["True", "True", "True"]
