/*
 * services.h: layouts of servers' and tools' logs, for detect.c and
 * layouts.c; each function's full description is above it in services.c.
 */
#ifndef SERVICES_H
#define SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

/* Kafka */
void	svc_kafka_tail(const char *s, size_t n, size_t k, struct fields *f);
/* "- LEVEL - name - msg": the name after the level's dash. */
void	svc_dash_name(const char *s, size_t n, size_t k, struct fields *f);
/* Odoo */
int	svc_odoo(const char *s, size_t n, size_t ge, struct fields *f);
/* "(thread) [logger] msg" at k, after the level */
int	svc_paren_bracket(const char *s, size_t n, size_t k, struct fields *f);
/* PHP's error log time after '[' */
size_t	svc_php_time(const char *s, size_t n, int64_t *t);
/* cloud-init after the time's "- ", at k */
int	svc_cloudinit(const char *s, size_t n, size_t k, struct fields *f);
/* Jenkins */
int	svc_jenkins(const char *s, size_t n, size_t j, struct fields *f);
/* Salt */
int	svc_salt(const char *s, size_t n, size_t k, struct fields *f);
/* MongoDB before 4.4 */
int	svc_mongo(const char *s, size_t n, size_t j, struct fields *f);
/* NLog's "time|LEVEL|logger|msg", Python's "time:LEVEL:name:msg". */
int	svc_nlog(const char *s, size_t n, size_t i, struct fields *f);
/* TensorFlow's C++ log after its time and ": ". */
int	svc_tensorflow(const char *s, size_t n, size_t j, struct fields *f);
/* Windows' CBS.log after "yyyy-mm-dd hh:mm:ss, " at j. */
int	svc_cbs(const char *s, size_t n, size_t j, struct fields *f);
/* fail2ban */
int	svc_fail2ban(const char *s, size_t n, size_t j, struct fields *f);
/* Sidekiq */
int	svc_sidekiq(const char *s, size_t n, size_t j, struct fields *f);
/* BIND's named after its "dd-Mon-yyyy time" at k */
int	svc_bind(const char *s, size_t n, size_t k, struct fields *f);
/* An Android app's own log (loghub's HealthApp) */
int	svc_healthapp(const char *s, size_t n, struct fields *f);
/* A cluster's node log (loghub's HPC) */
int	svc_hpc(const char *s, size_t n, struct fields *f);
/* The CFDR supercomputer logs (BGL, Thunderbird). */
int	svc_super(const char *s, size_t n, struct fields *f);
/* CUPS */
int	svc_cups(const char *s, size_t n, struct fields *f);
/* Ruby's Logger */
int	svc_ruby(const char *s, size_t n, struct fields *f);
/* PHP's error messages after "PHP " at j */
int	svc_php(const char *s, size_t n, size_t j, struct fields *f, int strict);
/* .NET's console logger at j */
int	svc_dotnet(const char *s, size_t n, size_t j, struct fields *f);
/* Monolog's LineFormatter (Laravel, Symfony) after "[time] " at j. */
int	svc_monolog(const char *s, size_t n, size_t j, struct fields *f);
/* Envoy */
int	svc_envoy(const char *s, size_t n, size_t j, struct fields *f);
/* Elasticsearch (log4j2 pattern) */
int	svc_elastic(const char *s, size_t n, size_t j, struct fields *f);
/* CouchDB */
int	svc_couch(const char *s, size_t n, struct fields *f);

#endif
