// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: a register-level simulated MPAM platform.  See mpam_sim.h.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include "mpam_sim.h"
#include "mpam_regs.h"
