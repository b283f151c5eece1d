package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.Heartbeats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The upstream verticle's heartbeats: one timer per verticle instead of one per job, and each period one
 * {@link Heartbeats} request per HTTP inbox naming every job this instance runs for it, instead of one request per
 * job. The reply names the jobs whose client left (cancelled); a request that fails counts as a missed beat for
 * each job in it ({@link RetryingCall#beatMissed}: two in a row, or no HTTP side at all, cancel). After a failed
 * one, the next period sends each job's own beat instead, which HTTP nodes of every version answer (an older node
 * that does not know {@link Heartbeats} keeps its streams) and which is the second miss when that node is gone;
 * the period after that beats in one message again. Event-loop confined.
 */
final class HeartbeatSweep {
  private final Vertx vertx;
  private final long periodMs;
  private final Supplier<Collection<RetryingCall>> running;
  /** Inboxes that did not answer the last {@link Heartbeats}: their jobs beat one by one next period. */
  private final Set<String> perJob = new HashSet<>();
  private long timer = -1;

  HeartbeatSweep(Vertx vertx, long periodMs, Supplier<Collection<RetryingCall>> running) {
    this.vertx = vertx;
    this.periodMs = periodMs;
    this.running = running;
  }

  void start() {
    timer = vertx.setPeriodic(periodMs, id -> beat());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void beat() {
    Map<String, List<RetryingCall>> byInbox = new LinkedHashMap<>();
    for (RetryingCall call : running.get()) { // a copy: cancelling below removes jobs from the verticle's map
      byInbox.computeIfAbsent(call.inbox(), inbox -> new ArrayList<>()).add(call);
    }
    byInbox.forEach(this::beat);
  }

  private void beat(String inbox, List<RetryingCall> calls) {
    if (perJob.remove(inbox)) { // the last beats failed: this period each job asks on its own, then beats again
      calls.forEach(RetryingCall::heartbeat);
      return;
    }
    List<String> ids = new ArrayList<>(calls.size());
    calls.forEach(call -> ids.add(call.streamId()));
    Heartbeats beats = new Heartbeats(ids);
    vertx.eventBus().<JsonObject>request(inbox, beats.toJson(), beats.options(periodMs * 2))
      .onSuccess(reply -> {
        Set<String> gone = new HashSet<>(Heartbeats.Reply.fromJson(reply.body()).unknown());
        for (RetryingCall call : calls) {
          if (gone.contains(call.streamId())) {
            call.cancel(); // the client left (and the cancel may have been lost)
          } else {
            call.beatAnswered();
          }
        }
      })
      .onFailure(err -> {
        perJob.add(inbox);
        calls.forEach(call -> call.beatMissed(err));
      });
  }
}
