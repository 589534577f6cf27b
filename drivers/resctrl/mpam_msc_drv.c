// SPDX-License-Identifier: GPL-2.0
/*
 * The MPAM MSC platform driver: binds to the MSC devices firmware code
 * creates (ACPI MPAM table) or describes (device tree), and enables MPAM
 * once every MSC firmware describes has probed.
 *
 * If one cannot be probed the PARTID range cannot be sized safely - an
 * unprobed MSC might support fewer PARTIDs than the others - so MPAM stays
 * off.  After an error interrupt, or when an MSC is unbound, MPAM is disabled
 * for good.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/arm_mpam.h>
#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/mod_devicetable.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <asm/mpam.h>

#include "mpam_core.h"
#include "mpam_regs.h"
#include "mpam_sim.h"

/* The live system.  Probe/enable/disable are serialised by its lock. */
struct mpam_system mpam_live;

/* MSCs firmware describes, MSCs probed, and whether one failed: under mpam_live.lock. */
static int mpam_fw_nr_msc = -1;
static unsigned int mpam_nr_probed;
static bool mpam_probe_failed;

static int mpam_cpuhp_state;

static void mpam_enable_work_fn(struct work_struct *work);
static DECLARE_WORK(mpam_enable_work, mpam_enable_work_fn);
static void mpam_disable_work_fn(struct work_struct *work);
static DECLARE_WORK(mpam_disable_work, mpam_disable_work_fn);
static const char *mpam_disable_reason;

/* How many MSCs firmware describes: every one must probe before MPAM is on. */
static int mpam_count_fw_mscs(void)
{
	int nr;

	nr = acpi_mpam_msc_count();
	if (nr != 0)
		return nr;
	return mpam_fw_of_msc_count();
}

static void mpam_requestor_limits(u16 *partid_max, u8 *pmg_max)
{
	if (!mpam_cpu_requestor_limits(partid_max, pmg_max))
		return;
	/* No FEAT_MPAM: only the simulated platform has requestors. */
	if (IS_ENABLED(CONFIG_ARM64_MPAM_SIM) && mpam_sim_active()) {
#ifdef CONFIG_ARM64_MPAM_SIM
		mpam_sim_requestor_limits(partid_max, pmg_max);
#endif
		return;
	}
	*partid_max = 0;
	*pmg_max = 0;
}

static int mpam_cpu_online(unsigned int cpu)
{
	struct mpam_msc *msc;
	cpumask_t online_accessible;

	/* The first CPU that can reach an MSC puts back what it lost. */
	mutex_lock(&mpam_live.lock);
	list_for_each_entry(msc, &mpam_live.mscs, node) {
		if (!cpumask_test_cpu(cpu, &msc->accessible))
			continue;
		cpumask_and(&online_accessible, &msc->accessible, cpu_online_mask);
		if (cpumask_weight(&online_accessible) == 1 && mpam_live.enabled)
			mpam_msc_restore(msc, mpam_live.partid_max);
	}
	mutex_unlock(&mpam_live.lock);
	return 0;
}

static void mpam_enable_work_fn(struct work_struct *work)
{
	u16 partid_max;
	u8 pmg_max;
	int err;

	if (READ_ONCE(mpam_disable_reason))
		return;		/* an MSC went away before MPAM was on */
	mpam_requestor_limits(&partid_max, &pmg_max);
	err = mpam_system_enable(&mpam_live, partid_max, pmg_max);
	if (err) {
		pr_err("enabling MPAM failed: %d\n", err);
		return;
	}
	pr_info("enabled: %u MSCs, PARTIDs 0-%u, PMGs 0-%u\n", mpam_nr_probed,
		mpam_live.partid_max, mpam_live.pmg_max);

	err = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "arm64/mpam:online",
					mpam_cpu_online, NULL);
	if (err > 0)
		mpam_cpuhp_state = err;
	static_branch_enable(&mpam_enabled);
	if (IS_ENABLED(CONFIG_ARM64_MPAM_RESCTRL_FS))
		mpam_glue_setup();
}

static void mpam_disable_work_fn(struct work_struct *work)
{
	unsigned int leaked;

	/*
	 * An enable that passed its check before the reason was set may still
	 * be bringing resctrl up: let it finish, then take everything down.
	 */
	flush_work(&mpam_enable_work);
	if (IS_ENABLED(CONFIG_ARM64_MPAM_RESCTRL_FS)) {
		mpam_glue_teardown();
		mpam_glue_teardown_wait();
	}
	if (mpam_cpuhp_state > 0) {
		cpuhp_remove_state_nocalls(mpam_cpuhp_state);
		mpam_cpuhp_state = 0;
	}
	/*
	 * The glue gave back its counters and nothing else allocates monitors:
	 * one still held now is a leak in the teardown.
	 */
	leaked = mpam_system_release_monitors(&mpam_live);
	WARN(leaked, "mpam: %u monitors were still allocated at teardown\n", leaked);
	if (mpam_system_quiesce(&mpam_live))
		pr_err("not every MSC could be reset to its defaults\n");
	static_branch_disable(&mpam_enabled);
	pr_err("MPAM disabled: %s\n", mpam_disable_reason);
}

/**
 * mpam_disable() - Turn MPAM off for good.
 * @why: what went wrong, for the log.
 *
 * May be called from any context; the work runs from a workqueue.
 */
void mpam_disable(const char *why)
{
	if (xchg(&mpam_disable_reason, why))
		return;		/* already on its way down */
	WRITE_ONCE(mpam_live.off_reason, why);
	schedule_work(&mpam_disable_work);
}

/* The error and overflow interrupts firmware describes, SPIs or PPIs. */
static int mpam_msc_setup_irq(struct platform_device *pdev, struct mpam_msc *msc)
{
	int error_irq = platform_get_irq_byname_optional(pdev, "error");
	int overflow_irq = platform_get_irq_byname_optional(pdev, "overflow");

	/* Their interrupt controller is not there yet. */
	if (error_irq == -EPROBE_DEFER || overflow_irq == -EPROBE_DEFER)
		return -EPROBE_DEFER;
	return mpam_msc_request_irqs(&pdev->dev, msc, error_irq, overflow_irq);
}

static void mpam_msc_free_irq(struct platform_device *pdev, struct mpam_msc *msc)
{
	mpam_msc_free_irqs(&pdev->dev, msc);
}

static void mpam_probe_done(bool ok)
{
	mutex_lock(&mpam_live.lock);
	if (ok)
		mpam_nr_probed++;
	else
		mpam_probe_failed = true;
	if (mpam_fw_nr_msc < 0)
		mpam_fw_nr_msc = mpam_count_fw_mscs();
	if (!ok && !mpam_live.enabled) {
		pr_err("an MSC failed to probe: the PARTID range cannot be sized, MPAM stays off\n");
		WRITE_ONCE(mpam_live.off_reason,
			   "an MSC failed to probe, so the PARTID range cannot be sized (see the log)");
	} else if (!mpam_probe_failed && mpam_nr_probed == mpam_fw_nr_msc) {
		schedule_work(&mpam_enable_work);
	}
	mutex_unlock(&mpam_live.lock);
}

static int mpam_msc_probe(struct platform_device *pdev)
{
	const struct mpam_fw_msc *fw = dev_get_platdata(&pdev->dev);
	struct mpam_msc *msc;
	struct resource *res;
	int err;

	if (!fw) {
		fw = mpam_fw_msc_from_of(&pdev->dev);
		if (IS_ERR(fw)) {
			err = PTR_ERR(fw);
			goto fail;
		}
	}
	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res) {
		dev_err(&pdev->dev, "no MMIO frame: PCC-only MSCs are not supported\n");
		err = -EINVAL;
		goto fail;
	}

	msc = mpam_msc_create(fw);
	if (IS_ERR(msc)) {
		err = PTR_ERR(msc);
		goto fail;
	}
	msc->dev = &pdev->dev;
	err = mpam_msc_map(msc, &pdev->dev, res);
	err = err ?: mpam_msc_read_features(msc);
	err = err ?: mpam_msc_check_frame(msc);
	err = err ?: mpam_msc_setup_irq(pdev, msc);
	err = err ?: mpam_system_add_msc(&mpam_live, msc);
	if (err == -EBUSY)
		dev_err(&pdev->dev, "MPAM is already %s: an MSC cannot join it now\n",
			READ_ONCE(mpam_disable_reason) ? "disabled" : "enabled");
	if (err) {
		mpam_msc_free_irq(pdev, msc);
		mpam_msc_free(msc);
		goto fail;
	}
	platform_set_drvdata(pdev, msc);
	dev_info(&pdev->dev, "MSC %u: %u RIS, MPAM v%u.%u%s\n", msc->id, msc->nr_ris,
		 (msc->aidr >> 4) & 0xf, msc->aidr & 0xf, msc->sim ? " (simulated)" : "");
	mpam_probe_done(true);
	return 0;

fail:
	/* Deferred: not a failure yet, the driver core probes again later. */
	if (err == -EPROBE_DEFER)
		return err;
	dev_err(&pdev->dev, "probe failed: %d\n", err);
	mpam_probe_done(false);
	return err;
}

static void mpam_msc_remove(struct platform_device *pdev)
{
	struct mpam_msc *msc = platform_get_drvdata(pdev);

	/*
	 * Whatever used this MSC can't go on: resctrl, the monitors, MPAM.
	 * An enable still in flight sees the reason and gives up.
	 */
	mpam_disable("an MSC was unbound");
	flush_work(&mpam_enable_work);
	flush_work(&mpam_disable_work);

	/* Nothing uses the MSC now; its interrupt goes before its memory. */
	mpam_msc_free_irq(pdev, msc);
	mpam_system_remove_msc(&mpam_live, msc);
	mutex_lock(&mpam_live.lock);
	mpam_nr_probed--;
	mutex_unlock(&mpam_live.lock);
	dev_info(&pdev->dev, "MSC %u removed\n", msc->id);
	mpam_msc_free(msc);
}

static const struct of_device_id mpam_of_match[] = {
	{ .compatible = "arm,mpam-msc" },
	{}
};

static struct platform_driver mpam_msc_driver = {
	.driver = {
		.name = MPAM_MSC_DRV_NAME,
		.of_match_table = mpam_of_match,
		.suppress_bind_attrs = false,
	},
	.probe = mpam_msc_probe,
	.remove = mpam_msc_remove,
};

static int __init mpam_msc_driver_init(void)
{
	mpam_system_init(&mpam_live);
	mpam_debugfs_init(&mpam_live);
	return platform_driver_register(&mpam_msc_driver);
}

/* After cacheinfo and the firmware code created the MSC devices. */
device_initcall_sync(mpam_msc_driver_init);

/*
 * Every MSC device exists by now and, without deferred probing, has been
 * probed.  Say why MPAM is still off when one is missing: otherwise an MSC
 * firmware describes but no driver bound would leave MPAM off in silence.
 * A firmware table the parser refused (it said why) keeps MPAM off for
 * good: debugfs says "disabled" from here on.
 */
static int __init mpam_msc_check_all_probed(void)
{
	mutex_lock(&mpam_live.lock);
	if (mpam_fw_nr_msc < 0)
		mpam_fw_nr_msc = mpam_count_fw_mscs();
	if (mpam_fw_nr_msc < 0)
		WRITE_ONCE(mpam_live.off_reason,
			   "the firmware's MPAM description is unusable (see the log)");
	else if (mpam_fw_nr_msc > 0 && !mpam_probe_failed && mpam_nr_probed < mpam_fw_nr_msc)
		pr_warn("%u of %d MSCs firmware describes have probed; MPAM stays off until all have\n",
			mpam_nr_probed, mpam_fw_nr_msc);
	mutex_unlock(&mpam_live.lock);
	return 0;
}
late_initcall_sync(mpam_msc_check_all_probed);
