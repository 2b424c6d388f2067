/* The pod sandbox's process: kubernetes/build/pause/linux/pause.c, reduced (no registry can be
 * reached here, so scripts/k8s/node/images.sh builds it statically and packs it as the image
 * localhost/sentinel-pause:3.10). It sleeps, reaps orphans, and exits on SIGINT/SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void sigdown(int signo) {
  (void)signo;
  _exit(0);
}

static void sigreap(int signo) {
  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0)
    ;
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'v') {
    printf("pause (sentinel local build)\n");
    return 0;
  }
  struct sigaction sa = {0};
  sa.sa_handler = sigdown;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sa.sa_handler = sigreap;
  sa.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  for (;;)
    pause();
  return 42;
}
