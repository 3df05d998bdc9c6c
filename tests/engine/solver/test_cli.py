"""`muster bench curtois`: one JSON line, the CSV written, exit 0; bad input names the flag or file, exit 2."""

import json

import pytest

from muster_engine.solver.cli import main


def test_an_instance_is_solved_and_written(curtois_dir, tmp_path, capsys):
    # given
    out = tmp_path / "Instance1.csv"

    # when
    code = main(["curtois", str(curtois_dir / "Instance1.txt"), "--time-limit", "20", "--solution-out", str(out)])

    # then
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert figures["instance"] == "Instance1" and figures["objective"] == 607
    assert set(figures) == {"instance", "objective", "status", "best_bound", "seconds"}
    assert out.read_text().startswith("employee,day,shift\n")


def test_muster_bench_reaches_the_solver_without_django(curtois_dir, tmp_path, capsys):
    # given
    from muster.cli import ENGINE_COMMANDS

    # then
    assert ENGINE_COMMANDS["bench"] == "muster_engine.solver.cli"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--time-limit", "0"], "--time-limit must be more than 0 seconds"),
        (["--time-limit", "5", "--workers", "0"], "--workers must be at least 1"),
        (["--time-limit", "5", "--solution-out", "/nonexistent/folder/x.csv"], "--solution-out: folder"),
    ],
)
def test_bad_flags_are_named(curtois_dir, tmp_path, capsys, args, message):
    # given
    argv = ["curtois", str(curtois_dir / "Instance1.txt"), "--solution-out", str(tmp_path / "x.csv"), *args]

    # when
    code = main(argv)

    # then
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_missing_instance_file_is_named(tmp_path, capsys):
    # when
    code = main(["curtois", str(tmp_path / "Instance99.txt"), "--time-limit", "5", "--solution-out",
                 str(tmp_path / "x.csv")])

    # then
    assert code == 2
    assert "Instance99.txt: cannot read" in capsys.readouterr().err


def test_an_unknown_benchmark_is_refused(capsys):
    # when
    code = main(["nurses", "x.txt"])

    # then
    assert code == 2
    assert "allowed: curtois" in capsys.readouterr().err
