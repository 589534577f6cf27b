# SPDX-License-Identifier: GPL-2.0
#
# Arm MPAM driver series: build, run and test.  See README.md.
#
#   make run          build what is missing, boot the default platform, show the tour
#   make check        every test; last line "N passed, M failed"
#   make kunit [KUNIT_GLOB=mpam_*]
#   make vm-test SCRIPT=file [PLATFORM=file] [BOOT=dt|acpi] [APPEND="args"]
#   make kernel | tree | setup | clean

PLATFORM ?= platforms/default.platform
BOOT ?= dt
APPEND ?=
KUNIT_GLOB ?=

H := harness

.PHONY: all run check kunit vm-test kernel tree setup clean

all: kernel

setup:
	@$(H)/setup.sh

tree: setup
	@$(H)/assemble.sh

kernel: setup
	@$(H)/build.sh image

run: kernel
	@$(H)/vm-test.sh $(H)/demo.sh $(PLATFORM) $(BOOT) "$(APPEND)"

kunit: kernel
	@$(H)/kunit.sh $(KUNIT_GLOB)

vm-test: kernel
	@test -n "$(SCRIPT)" || { echo "usage: make vm-test SCRIPT=file [PLATFORM=file] [BOOT=dt|acpi] [APPEND=...]"; exit 2; }
	@$(H)/vm-test.sh "$(abspath $(SCRIPT))" "$(abspath $(PLATFORM))" $(BOOT) "$(APPEND)"

check: setup
	@$(H)/check.sh

clean:
	rm -rf build
