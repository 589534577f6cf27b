# SPDX-License-Identifier: GPL-2.0
#
# Arm MPAM driver series: build, run and test.  See README.md.
#
#   make run          build what is missing, boot the default platform, show the tour
#   make check        every test; last line "N passed, M failed"
#   make check-quick  the same without the config variant builds
#   make stress       the long reliability campaigns (debug and RT kernels)
#   make check CHECK_ONLY="static kunit vm variants"   any subset of the stages
#   make kunit [KUNIT_GLOB=mpam_*]
#   make vm-test SCRIPT=file [PLATFORM=name|file] [BOOT=dt|acpi] [APPEND="args"]
#   make series       the git format-patch series, in build/series/
#   make series-check [BISECT=1]   git am it onto the pristine base and build
#                     it (BISECT=1: every prefix)
#   make bench        our driver against the base tree's, on mpam_sim (build/bench/)
#   make kernel | selftests | tree | setup | clean
#
# PLATFORM is a name from platforms/ (cluster-msc) or a file.  For vm-test,
# PLATFORM, BOOT and APPEND default to the script's "# vm-test: PLATFORM BOOT
# ARGS" line (and VM_TIMEOUT to its "# vm-timeout: N"); harness/vm-test.sh
# resolves them, so they stay empty here unless given.

PLATFORM ?=
BOOT ?=
APPEND ?=
KUNIT_GLOB ?=

H := harness

.PHONY: all run run-args check check-quick kunit vm-test vm-test-args selftests kernel tree setup \
	clean series series-check bench stress

all: kernel

setup:
	@$(H)/setup.sh

tree: setup
	@$(H)/assemble.sh

kernel: setup
	@$(H)/build.sh image

# The arguments are checked (platform resolved and parsed) before the kernel
# build, so a mistyped PLATFORM= fails at once.
VM_ARGS = "$(PLATFORM)" "$(BOOT)" "$(APPEND)"

run-args: setup
	@VM_DRY_RUN=1 $(H)/vm-test.sh $(H)/demo.sh $(VM_ARGS) >/dev/null

run: run-args kernel
	@$(H)/vm-test.sh $(H)/demo.sh $(VM_ARGS)

kunit: kernel
	@$(H)/kunit.sh $(KUNIT_GLOB)

vm-test-args: setup
	@test -n "$(SCRIPT)" || { echo "usage: make vm-test SCRIPT=file [PLATFORM=name|file] [BOOT=dt|acpi] [APPEND=...]"; exit 2; }
	@VM_DRY_RUN=1 $(H)/vm-test.sh "$(abspath $(SCRIPT))" $(VM_ARGS) >/dev/null

# The static selftest binaries (resctrl_tests) are rebuilt when stale, so
# that every binary the README lists is in the VM.
selftests: kernel
	@$(H)/selftests.sh

# A script with "# vm-kernel: debug" boots the debug kernel: build it too.
vm-test: vm-test-args kernel selftests
	@if grep -q '^# vm-kernel: debug' "$(abspath $(SCRIPT))"; then $(H)/build.sh debug; fi
	@$(H)/vm-test.sh "$(abspath $(SCRIPT))" $(VM_ARGS)

check: setup
	@$(H)/check.sh

# Everything but the two config variant builds (about 10 minutes less).
check-quick: setup
	@CHECK_ONLY="static kunit vm" $(H)/check.sh

series: setup
	@python3 $(H)/series.py make build/series

series-check: setup
	@BISECT=$(BISECT) $(H)/series-check.sh full

# Both kernels (ours, and the base tree's own driver with the bench-only
# patch harness/bench/base-driver-on-mpam-sim.patch), the same workloads on
# the same simulated platforms; the table in build/bench/bench.md and .json.
bench: setup
	@$(H)/bench/bench.sh

# The reliability campaigns' long forms on the debug kernel, and the
# resctrl scenarios on PREEMPT_RT; the table goes to build/stress-table.
stress: setup
	@$(H)/stress.sh

clean:
	rm -rf build
