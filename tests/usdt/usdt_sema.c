/* usdt_sema.c: a probe guarded by a semaphore.  With _SDT_HAS_SEMAPHORES
 * <sys/sdt.h> records the address of mbtest_sema_semaphore in the note;
 * the tracer (the kernel's uprobe reference counter) counts it up while
 * attached, so the probe fires only then, with the counter's value. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

__extension__ unsigned short mbtest_sema_semaphore
	__attribute__((unused)) __attribute__((section(".probes")));

void fire_sema(void)
{
	if (mbtest_sema_semaphore)
		STAP_PROBE1(mbtest, sema, mbtest_sema_semaphore);
}
