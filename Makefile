# itatui — two commands for a fresh Debian/Ubuntu machine:
#   make run    open the TUI on a scratch copy of the sample report
#   make test   run the whole test suite
.PHONY: run test bench sample clean-scratch

run:
	@.ci/bootstrap run
	@.ci/sample-repo .scratch/sample
	@.venv/bin/itatui tui --repo .scratch/sample

test:
	@.ci/bootstrap test
	@.venv/bin/python -m pytest -q $(PYTEST_ARGS)

bench:
	@.ci/bootstrap test
	@.venv/bin/python tests/bench/run.py

sample:
	@.ci/sample-repo .scratch/sample

clean-scratch:
	rm -rf .scratch
