/* SPDX-License-Identifier: MIT */
/* spec_free: release a struct spec, complete or partly built. */
#include <stdlib.h>

#include "spec/spec_internal.h"

static void spec_kv_free(struct spec_kv *kv, size_t n)
{
	size_t i;

	if (!kv)
		return;
	for (i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void spec_process_free(struct spec_process *p)
{
	size_t i;

	free(p->additional_gids);
	spec_strv_free(p->args);
	spec_strv_free(p->env);
	free(p->cwd);
	spec_strv_free(p->caps.bounding);
	spec_strv_free(p->caps.effective);
	spec_strv_free(p->caps.inheritable);
	spec_strv_free(p->caps.permitted);
	spec_strv_free(p->caps.ambient);
	if (p->rlimits)
		for (i = 0; i < p->n_rlimits; i++)
			free(p->rlimits[i].type);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
}

/* spec_free - see spec.h. */
void spec_free(struct spec *s)
{
	size_t i;

	if (!s)
		return;
	free(s->oci_version);
	spec_process_free(&s->process);
	free(s->root_path);
	free(s->root_path_abs);
	free(s->hostname);
	free(s->domainname);
	if (s->mounts) {
		for (i = 0; i < s->n_mounts; i++) {
			free(s->mounts[i].destination);
			free(s->mounts[i].type);
			free(s->mounts[i].source);
			spec_strv_free(s->mounts[i].options);
		}
		free(s->mounts);
	}
	spec_kv_free(s->annotations, s->n_annotations);
	if (s->namespaces) {
		for (i = 0; i < s->n_namespaces; i++) {
			free(s->namespaces[i].type);
			free(s->namespaces[i].path);
		}
		free(s->namespaces);
	}
	free(s->uid_mappings);
	free(s->gid_mappings);
	free(s->cpu_cpus);
	spec_strv_free(s->masked_paths);
	spec_strv_free(s->readonly_paths);
	spec_kv_free(s->sysctl, s->n_sysctl);
	free(s->seccomp_json);
	free(s->bundle);
	free(s);
}
