"""The apps depend one way, desk -> articles -> pagecache, and `make check` keeps it so."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_code(tmp_path):
    for package in ("newsroom", "pagecache", "articles", "desk"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_its_layers(tmp_path):
    result = lint_imports(copy_of_the_code(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_page_cache_importing_articles_breaks_the_check(tmp_path):
    tree = copy_of_the_code(tmp_path)
    with (tree / "pagecache" / "middleware.py").open("a") as module:
        module.write("\nfrom articles.models import Article  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "pagecache.middleware -> articles.models" in result.stdout
