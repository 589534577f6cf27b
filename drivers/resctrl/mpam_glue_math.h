/* SPDX-License-Identifier: GPL-2.0 */
/* Unit conversions of the MPAM resctrl glue; see mpam_glue_math.c. */
#ifndef __MPAM_GLUE_MATH_H
#define __MPAM_GLUE_MATH_H

#include <linux/types.h>

unsigned int mpam_mbw_granularity(unsigned int wd);
u16 mpam_mbw_pct_to_fract(unsigned int pct, unsigned int wd);
unsigned int mpam_mbw_fract_to_pct(u16 fract, unsigned int wd);
unsigned int mpam_cntrs_for_monitors(unsigned int nr_monitors, bool cdp);

#endif /* __MPAM_GLUE_MATH_H */
