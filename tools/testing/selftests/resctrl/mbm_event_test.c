// SPDX-License-Identifier: GPL-2.0
/*
 * mbm_event test: the semantics of resctrl's assignable counters.
 *
 * In "mbm_event" mode the MBM events of a group are only counted while a
 * hardware counter is assigned to them, per monitoring domain.  This test
 * checks what must hold on every system that offers the mode (AMD ABMC, Arm
 * MPAM), through the files alone:
 *  - info/L3_MON/mbm_assign_mode selects [mbm_event]; a fixed mode refuses
 *    changes with a last_cmd_status message;
 *  - num_mbm_cntrs and available_mbm_cntrs agree with the assignments;
 *  - assignment and unassignment per domain and with '*';
 *  - an unassigned event reads "Unassigned", except in a CTRL_MON group whose
 *    child is assigned, which reads the child's count;
 *  - running out of counters fails with ENOSPC and a last_cmd_status message;
 *  - rmdir returns the counters of a group;
 *  - with CDP the counter count stays or halves, and a remount without CDP
 *    restores it;
 *  - the event's event_filter lists known transaction names; where it is
 *    writable, an unknown name is refused with a last_cmd_status message,
 *    each other filter is either taken (it reads back, and counters still
 *    read counts) or refused with a message and the old filter kept, and
 *    the old filter can be written back.  Where it is read-only a write
 *    changes nothing and the rest is skipped.
 * It skips cleanly where mbm_event is not offered.
 */
#include "resctrl.h"

#define L3_MON_INFO	INFO_PATH "/L3_MON"
#define MAX_DOMAINS	64
#define MAX_GROUPS	256

struct domain_counts {
	int nr;
	int id[MAX_DOMAINS];
	int val[MAX_DOMAINS];
};

static char mbm_event_name[64];
static bool switched_mode;
static int failures;

#define check(cond, fmt, ...)						\
	do {								\
		if (!(cond)) {						\
			ksft_print_msg("FAIL: " fmt "\n", ##__VA_ARGS__);	\
			failures++;					\
		}							\
	} while (0)

static int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	return 0;
}

/* Write @text to @path in one write(); returns 0 or -errno. */
static int write_text(const char *path, const char *text)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static void read_last_cmd_status(char *buf, size_t len)
{
	if (read_text(INFO_PATH "/last_cmd_status", buf, len))
		snprintf(buf, len, "(unreadable)");
}

/* Parse "<dom>=<n>;<dom>=<n>" as num_mbm_cntrs and available_mbm_cntrs print it. */
static int read_domain_counts(const char *file, struct domain_counts *c)
{
	char buf[1024], path[PATH_MAX], *tok, *save;

	snprintf(path, sizeof(path), "%s/%s", L3_MON_INFO, file);
	if (read_text(path, buf, sizeof(buf)))
		return -1;
	c->nr = 0;
	for (tok = strtok_r(buf, ";\n", &save); tok && c->nr < MAX_DOMAINS;
	     tok = strtok_r(NULL, ";\n", &save)) {
		if (sscanf(tok, "%d=%d", &c->id[c->nr], &c->val[c->nr]) != 2)
			return -1;
		c->nr++;
	}
	return c->nr ? 0 : -1;
}

static int total(const struct domain_counts *c)
{
	int i, sum = 0;

	for (i = 0; i < c->nr; i++)
		sum += c->val[i];
	return sum;
}

static void group_path(char *path, size_t len, const char *group, const char *file)
{
	if (group && *group)
		snprintf(path, len, "%s/%s/%s", RESCTRL_PATH, group, file);
	else
		snprintf(path, len, "%s/%s", RESCTRL_PATH, file);
}

/* The state of @group's counter in domain @dom: 'e', '_' or 0 when unknown. */
static char assignment(const char *group, int dom)
{
	char buf[1024], path[PATH_MAX], key[32], *line, *p;

	group_path(path, sizeof(path), group, "mbm_L3_assignments");
	if (read_text(path, buf, sizeof(buf)))
		return 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, mbm_event_name, strlen(mbm_event_name)) ||
		    line[strlen(mbm_event_name)] != ':')
			continue;
		snprintf(key, sizeof(key), "%d=", dom);
		for (p = strchr(line, ':') + 1; p && *p; p = strchr(p, ';')) {
			if (*p == ';')
				p++;
			if (!strncmp(p, key, strlen(key)))
				return p[strlen(key)];
		}
	}
	return 0;
}

static int assign(const char *group, const char *dom, char state)
{
	char path[PATH_MAX], cmd[128];

	group_path(path, sizeof(path), group, "mbm_L3_assignments");
	snprintf(cmd, sizeof(cmd), "%s:%s=%c\n", mbm_event_name, dom, state);
	return write_text(path, cmd);
}

static void read_event(const char *group, int dom, char *buf, size_t len)
{
	char path[PATH_MAX], file[128];

	snprintf(file, sizeof(file), "mon_data/mon_L3_%02d/%s", dom, mbm_event_name);
	group_path(path, sizeof(path), group, file);
	if (read_text(path, buf, len))
		snprintf(buf, len, "(unreadable)");
	buf[strcspn(buf, "\n")] = '\0';
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool mbm_event_feature_check(const struct resctrl_test *test)
{
	char buf[256];

	if (read_text(L3_MON_INFO "/mbm_assign_mode", buf, sizeof(buf)))
		return false;
	return strstr(buf, "mbm_event");
}

/* The first MBM event named in the default group's assignments. */
static int find_event_name(void)
{
	char buf[1024], path[PATH_MAX];

	group_path(path, sizeof(path), NULL, "mbm_L3_assignments");
	if (read_text(path, buf, sizeof(buf)))
		return -1;
	buf[strcspn(buf, ":")] = '\0';
	snprintf(mbm_event_name, sizeof(mbm_event_name), "%.63s", buf);
	return *mbm_event_name ? 0 : -1;
}

static void check_mode(void)
{
	char buf[256], status[256];
	bool fixed;
	int ret;

	ret = read_text(L3_MON_INFO "/mbm_assign_mode", buf, sizeof(buf));
	check(!ret && strstr(buf, "[mbm_event]"), "mbm_assign_mode selects [mbm_event]: '%s'", buf);

	/* A mode that can't change lists only itself. */
	fixed = !strstr(buf, "default");
	if (!fixed)
		return;
	ret = write_text(L3_MON_INFO "/mbm_assign_mode", "default\n");
	read_last_cmd_status(status, sizeof(status));
	check(ret == -EINVAL, "changing a fixed mode fails with EINVAL (got %d)", ret);
	check(strstr(status, "not configurable"),
	      "last_cmd_status explains the fixed mode: '%s'", status);
}

static void check_assign_unassign(const struct domain_counts *num)
{
	struct domain_counts before, after;
	char buf[128], dom[16];
	int i, ret;

	if (mkdir(RESCTRL_PATH "/mbm_ev_g1", 0755)) {
		check(0, "mkdir mbm_ev_g1: %s", strerror(errno));
		return;
	}
	for (i = 0; i < num->nr; i++) {
		int d = num->id[i];

		snprintf(dom, sizeof(dom), "%d", d);
		if (num->val[i] == 0)
			continue;
		read_domain_counts("available_mbm_cntrs", &before);
		ret = assign("mbm_ev_g1", dom, '_');
		check(!ret, "unassign in domain %d: %d", d, ret);
		check(assignment("mbm_ev_g1", d) == '_', "domain %d reads '_' after unassign", d);
		read_event("mbm_ev_g1", d, buf, sizeof(buf));
		check(!strcmp(buf, "Unassigned"),
		      "domain %d unassigned reads 'Unassigned': '%s'", d, buf);
		read_domain_counts("available_mbm_cntrs", &after);
		check(after.val[i] >= before.val[i],
		      "unassign does not take a counter in domain %d", d);

		ret = assign("mbm_ev_g1", dom, 'e');
		if (ret == -ENOSPC)
			continue;	/* every counter of the domain is in use */
		check(!ret, "assign in domain %d: %d", d, ret);
		check(assignment("mbm_ev_g1", d) == 'e', "domain %d reads 'e' after assign", d);
		read_event("mbm_ev_g1", d, buf, sizeof(buf));
		check(is_number(buf), "domain %d assigned reads a count: '%s'", d, buf);
		/* Other domains are untouched by a per-domain command. */
	}

	ret = assign("mbm_ev_g1", "*", '_');
	check(!ret, "unassign with '*': %d", ret);
	for (i = 0; i < num->nr; i++)
		check(assignment("mbm_ev_g1", num->id[i]) == '_',
		      "'*' unassigned domain %d", num->id[i]);
	ret = assign("mbm_ev_g1", "*", 'e');
	if (ret != -ENOSPC) {
		check(!ret, "assign with '*': %d", ret);
		for (i = 0; i < num->nr; i++)
			check(num->val[i] == 0 || assignment("mbm_ev_g1", num->id[i]) == 'e',
			      "'*' assigned domain %d", num->id[i]);
	}
}

static void check_child_sum(const struct domain_counts *num)
{
	char buf[128], dom[16];
	int d, ret;

	if (!num->nr || !num->val[0])
		return;
	d = num->id[0];
	snprintf(dom, sizeof(dom), "%d", d);

	/* Free a counter: the parent gives its own back first. */
	assign("mbm_ev_g1", "*", '_');
	if (mkdir(RESCTRL_PATH "/mbm_ev_g1/mon_groups/m1", 0755)) {
		ksft_print_msg("no MON group could be made (%s), child sum not checked\n",
			       strerror(errno));
		return;
	}
	assign("mbm_ev_g1/mon_groups/m1", "*", '_');
	ret = assign("mbm_ev_g1/mon_groups/m1", dom, 'e');
	check(!ret, "assign the child in domain %d: %d", d, ret);
	read_event("mbm_ev_g1", d, buf, sizeof(buf));
	check(is_number(buf),
	      "a CTRL_MON group with an assigned child reads the child's sum: '%s'", buf);
	rmdir(RESCTRL_PATH "/mbm_ev_g1/mon_groups/m1");
}

static void check_exhaustion_and_rmdir(const struct domain_counts *num)
{
	struct domain_counts start, avail, end;
	char name[PATH_MAX], status[256], dom[16];
	int made = 0, i, ret = 0;

	read_domain_counts("available_mbm_cntrs", &start);

	/* Fill every domain: each new group takes what is free (on mkdir or by hand). */
	while (made < MAX_GROUPS) {
		read_domain_counts("available_mbm_cntrs", &avail);
		if (!total(&avail))
			break;
		snprintf(name, sizeof(name), RESCTRL_PATH "/mbm_ev_x%d", made);
		if (mkdir(name, 0755))
			break;
		made++;
		assign(name + strlen(RESCTRL_PATH) + 1, "*", 'e');
	}
	read_domain_counts("available_mbm_cntrs", &avail);
	if (total(&avail)) {
		ksft_print_msg("ran out of groups (%s) before counters, exhaustion not checked\n",
			       strerror(errno));
		goto out;
	}

	/* One more group, which can have no counter anywhere. */
	snprintf(name, sizeof(name), RESCTRL_PATH "/mbm_ev_x%d", made);
	if (mkdir(name, 0755)) {
		ksft_print_msg("no group left for the exhaustion check (%s)\n", strerror(errno));
		goto out;
	}
	made++;
	for (i = 0; i < num->nr; i++) {
		if (!num->val[i])
			continue;
		snprintf(dom, sizeof(dom), "%d", num->id[i]);
		check(assignment(name + strlen(RESCTRL_PATH) + 1, num->id[i]) == '_',
		      "a group made with no counter free is unassigned in domain %d", num->id[i]);
		ret = assign(name + strlen(RESCTRL_PATH) + 1, dom, 'e');
		read_last_cmd_status(status, sizeof(status));
		check(ret == -ENOSPC,
		      "assigning with no counter free fails with ENOSPC (got %d)", ret);
		check(strstr(status, "Failed to allocate counter"),
		      "last_cmd_status says why: '%s'", status);
		break;
	}

out:
	while (made--) {
		snprintf(name, sizeof(name), RESCTRL_PATH "/mbm_ev_x%d", made);
		check(!rmdir(name), "rmdir %s: %s", name, strerror(errno));
	}
	read_domain_counts("available_mbm_cntrs", &end);
	for (i = 0; i < end.nr; i++)
		check(end.val[i] == start.val[i],
		      "rmdir gave every counter back in domain %d (%d, was %d)",
		      end.id[i], end.val[i], start.val[i]);
}

static const char * const transactions[] = {
	"local_reads", "remote_reads", "local_non_temporal_writes",
	"remote_non_temporal_writes", "local_reads_slow_memory",
	"remote_reads_slow_memory", "dirty_victim_writes_all",
};

static void filter_path(char *path, size_t len)
{
	snprintf(path, len, "%s/event_configs/%s/event_filter", L3_MON_INFO, mbm_event_name);
}

/* The filter as event_filter shows it, without the newline. */
static int read_filter(char *buf, size_t len)
{
	char path[PATH_MAX];
	int ret;

	filter_path(path, sizeof(path));
	ret = read_text(path, buf, len);
	if (ret)
		*buf = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

static int write_filter(const char *filter)
{
	char path[PATH_MAX], text[512];

	filter_path(path, sizeof(path));
	snprintf(text, sizeof(text), "%s\n", filter);
	return write_text(path, text);
}

static bool is_transaction(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(transactions); i++)
		if (!strcmp(name, transactions[i]))
			return true;
	return false;
}

/* Every assigned counter of @group still reads a count. */
static void check_counts_readable(const char *group, const struct domain_counts *num,
				  const char *filter)
{
	char buf[128];
	int i;

	for (i = 0; i < num->nr; i++) {
		if (assignment(group, num->id[i]) != 'e')
			continue;
		read_event(group, num->id[i], buf, sizeof(buf));
		check(is_number(buf), "domain %d reads a count with filter '%s': '%s'",
		      num->id[i], filter, buf);
	}
}

static void check_event_filter(const struct domain_counts *num)
{
	char orig[512], now[512], copy[512], status[512], path[PATH_MAX], *tok, *save;
	struct stat st;
	unsigned int i;
	int ret;

	filter_path(path, sizeof(path));
	if (stat(path, &st)) {
		check(0, "%s exists: %s", path, strerror(errno));
		return;
	}
	check(!read_filter(orig, sizeof(orig)), "event_filter is readable");
	snprintf(copy, sizeof(copy), "%s", orig);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		check(is_transaction(tok), "event_filter names a known transaction: '%s'", tok);

	if (!(st.st_mode & 0222)) {
		ret = write_filter(transactions[0]);
		read_filter(now, sizeof(now));
		check(ret && !strcmp(now, orig),
		      "a read-only event_filter is not changed by a write (%d, '%s')", ret, now);
		ksft_print_msg("event_filter of %s is read-only: filter changes not checked\n",
			       mbm_event_name);
		return;
	}

	ret = write_filter("bogus");
	read_last_cmd_status(status, sizeof(status));
	read_filter(now, sizeof(now));
	check(ret == -EINVAL, "an unknown transaction is refused with EINVAL (got %d)", ret);
	check(strstr(status, "Invalid memory transaction type"),
	      "last_cmd_status names the unknown transaction: '%s'", status);
	check(!strcmp(now, orig), "a refused filter keeps the old one: '%s'", now);

	if (mkdir(RESCTRL_PATH "/mbm_ev_f1", 0755)) {
		check(0, "mkdir mbm_ev_f1: %s", strerror(errno));
		return;
	}
	for (i = 0; i < ARRAY_SIZE(transactions); i++) {
		if (!strcmp(orig, transactions[i]))
			continue;
		ret = write_filter(transactions[i]);
		read_last_cmd_status(status, sizeof(status));
		read_filter(now, sizeof(now));
		if (ret) {
			/* Counters that cannot count this set must say so. */
			check(*status && strcmp(status, "ok\n"),
			      "refusing '%s' (%d) explains why: '%s'",
			      transactions[i], ret, status);
			check(!strcmp(now, orig), "refusing '%s' keeps '%s': '%s'",
			      transactions[i], orig, now);
			continue;
		}
		check(!strcmp(now, transactions[i]), "filter '%s' reads back: '%s'",
		      transactions[i], now);
		check_counts_readable("mbm_ev_f1", num, transactions[i]);
		/* Back to the original before the next one. */
		check(!write_filter(orig), "filter '%s' can be restored", orig);
	}
	ret = write_filter(orig);
	read_filter(now, sizeof(now));
	check(!ret && !strcmp(now, orig), "the original filter is back (%d, '%s')", ret, now);
	check_counts_readable("mbm_ev_f1", num, orig);
	rmdir(RESCTRL_PATH "/mbm_ev_f1");
}

static int remount(const char *options)
{
	umount_resctrlfs();
	return mount("resctrl", RESCTRL_PATH, "resctrl", 0, options);
}

static void check_cdp_and_remount(const struct domain_counts *num)
{
	struct domain_counts cdp, again;
	int i;

	if (remount("cdp")) {
		ksft_print_msg("no CDP on L3 (%s), CDP counts not checked\n", strerror(errno));
		check(!remount(NULL), "remount without CDP: %s", strerror(errno));
		goto restored;
	}
	check(!read_domain_counts("num_mbm_cntrs", &cdp), "num_mbm_cntrs readable with CDP");
	check(cdp.nr == num->nr, "same domains with CDP");
	for (i = 0; i < cdp.nr && i < num->nr; i++)
		check(cdp.val[i] == num->val[i] || cdp.val[i] == num->val[i] / 2,
		      "domain %d: %d counters with CDP, %d without: the same or half",
		      cdp.id[i], cdp.val[i], num->val[i]);
	check(!remount(NULL), "remount without CDP: %s", strerror(errno));

restored:
	check(!read_domain_counts("num_mbm_cntrs", &again), "num_mbm_cntrs readable after remount");
	for (i = 0; i < again.nr && i < num->nr; i++)
		check(again.val[i] == num->val[i],
		      "domain %d: remount restores %d counters (got %d)",
		      again.id[i], num->val[i], again.val[i]);
}

static int mbm_event_run_test(const struct resctrl_test *test,
			      const struct user_params *uparams)
{
	struct domain_counts num, avail;
	char mode[256];
	int i;

	failures = 0;
	/* Select mbm_event where the mode can change (ABMC); undone in cleanup. */
	if (!read_text(L3_MON_INFO "/mbm_assign_mode", mode, sizeof(mode)) &&
	    !strstr(mode, "[mbm_event]"))
		switched_mode = !write_text(L3_MON_INFO "/mbm_assign_mode", "mbm_event\n");
	if (find_event_name()) {
		ksft_print_msg("no MBM event in mbm_L3_assignments\n");
		return -1;
	}
	ksft_print_msg("checking event %s\n", mbm_event_name);
	check_mode();

	if (read_domain_counts("num_mbm_cntrs", &num) ||
	    read_domain_counts("available_mbm_cntrs", &avail)) {
		ksft_print_msg("num_mbm_cntrs/available_mbm_cntrs unreadable\n");
		return -1;
	}
	check(num.nr == avail.nr, "num and available list the same domains");
	for (i = 0; i < num.nr && i < avail.nr; i++) {
		check(num.id[i] == avail.id[i], "domain order");
		check(avail.val[i] <= num.val[i], "domain %d: %d available of %d",
		      num.id[i], avail.val[i], num.val[i]);
	}

	check_assign_unassign(&num);
	check_child_sum(&num);
	rmdir(RESCTRL_PATH "/mbm_ev_g1");
	check_event_filter(&num);
	check_exhaustion_and_rmdir(&num);
	check_cdp_and_remount(&num);

	return failures ? -1 : 0;
}

static void mbm_event_test_cleanup(void)
{
	char name[PATH_MAX];
	int i;

	rmdir(RESCTRL_PATH "/mbm_ev_g1/mon_groups/m1");
	rmdir(RESCTRL_PATH "/mbm_ev_g1");
	rmdir(RESCTRL_PATH "/mbm_ev_f1");
	if (switched_mode)
		write_text(L3_MON_INFO "/mbm_assign_mode", "default\n");
	switched_mode = false;
	for (i = 0; i < MAX_GROUPS; i++) {
		snprintf(name, sizeof(name), RESCTRL_PATH "/mbm_ev_x%d", i);
		rmdir(name);
	}
}

struct resctrl_test mbm_event_test = {
	.name = "MBM_EVENT",
	.resource = "L3",
	.feature_check = mbm_event_feature_check,
	.run_test = mbm_event_run_test,
	.cleanup = mbm_event_test_cleanup,
};
