#ifndef SIGWATCH_STOP_H
#define SIGWATCH_STOP_H

/*
 * A polite stop. While alerts are being delivered, SIGTERM (systemd's
 * stop) and SIGINT (^C) must not kill the process between a receiver's
 * 2xx and the record of it: stop_catch() makes them set a flag that the
 * delivery loop reads between requests, so the request in flight
 * finishes, what was sent is committed and the process then exits. A
 * second signal while the first is pending kills at once (the default
 * action), so an impatient operator is never stuck.
 */

/* install the handlers (idempotent) */
void	stop_catch(void);
/* the signal that asked us to stop (SIGTERM, SIGINT), or 0 */
int	stop_requested(void);

#endif
