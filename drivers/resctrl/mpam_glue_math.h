/* SPDX-License-Identifier: GPL-2.0 */
/* Unit conversions of the MPAM resctrl glue; see mpam_glue_math.c. */
#ifndef __MPAM_GLUE_MATH_H
#define __MPAM_GLUE_MATH_H

#include <linux/types.h>

#include "mpam_glue.h"

unsigned int mpam_mbw_granularity(unsigned int wd);
u16 mpam_mbw_pct_to_fract(unsigned int pct, unsigned int wd);
unsigned int mpam_mbw_fract_to_pct(u16 fract, unsigned int wd);
unsigned int mpam_cntrs_for_monitors(unsigned int nr_monitors, bool cdp);
void mpam_closid_partids(u32 closid, bool cdp, u16 *partid_d, u16 *partid_i);
unsigned int mpam_cntr_monitor(unsigned int cntr_id, unsigned int part, unsigned int nr_mons);
u32 mpam_rmid_idx_encode(u32 closid, u32 rmid, u32 num_pmg);
void mpam_rmid_idx_decode(u32 idx, u32 num_pmg, u32 *closid, u32 *rmid);
int mpam_glue_filter_to_rw(u32 evt_cfg, enum mpam_glue_rw *rw, const char **msg);

#endif /* __MPAM_GLUE_MATH_H */
