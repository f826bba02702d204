# itatui — two commands for a fresh Debian/Ubuntu machine:
#   make run    open the TUI on a scratch copy of the sample report
#   make test   run the whole test suite
# and: make serve   the editor in a browser (itatui serve) on the scratch copy, one officer
.PHONY: run serve test bench sample clean-scratch

run:
	@.ci/bootstrap run
	@.ci/sample-repo .scratch/sample
	@.venv/bin/itatui tui --repo .scratch/sample

# the first run adds one officer (head of office) and prints the password once; then it only serves
serve:
	@.ci/bootstrap run
	@.ci/sample-repo .scratch/sample
	@[ -f .scratch/sample/.git/itatui/serve-officers.toml ] || \
	  .venv/bin/itatui serve --repo .scratch/sample --add-officer officer@example.go.th \
	    --name "เจ้าหน้าที่ตัวอย่าง" --role head --random-password
	@.venv/bin/itatui serve --repo .scratch/sample $(SERVE_ARGS)

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
