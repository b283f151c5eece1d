package dev.factoryproxy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to stdout from a thread of its own, in batches. An event loop only enqueues the event: it never
 * waits on stdout and never wakes the writer. The writer looks every {@link #PERIOD_MS} ms and writes whatever
 * accumulated in one call. (Logback's AsyncAppender wakes its worker for each line and writes each line with its
 * own system call: at 10,000 access lines a second that cost a one-core node about a sixth of its CPU.)
 * A full queue drops lines rather than blocking a request; the writer then reports how many were dropped.
 */
final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  static final long PERIOD_MS = 20;
  private static final int MAX_BATCH_BYTES = 256 * 1024;

  private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final OutputStream out;
  private final int capacity;
  private Encoder<ILoggingEvent> encoder;
  private volatile Thread writer;

  /** @param out where lines go (stdout in production) @param capacity lines held before new ones are dropped */
  BatchingConsoleAppender(OutputStream out, int capacity) {
    this.out = out;
    this.capacity = capacity;
  }

  void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  Encoder<ILoggingEvent> getEncoder() {
    return encoder;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder set for the appender named [" + name + "]");
      return;
    }
    Thread thread = new Thread(this::writeUntilStopped, "factory-proxy-log-writer");
    thread.setDaemon(true);
    writer = thread;
    super.start();
    thread.start();
  }

  /** Writes what is queued, then stops the writer thread. */
  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    Thread thread = writer;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeQueued();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    event.prepareForDeferredProcessing(); // the message and thread name are fixed now, not when written
    queue.offer(event);
  }

  private void writeUntilStopped() {
    while (isStarted()) {
      writeQueued();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
    }
  }

  /** Encodes what is queued and writes it in as few calls as the batch size allows. */
  synchronized void writeQueued() {
    ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
    ILoggingEvent event;
    while ((event = queue.poll()) != null) {
      queued.decrementAndGet();
      try {
        batch.writeBytes(encoder.encode(event));
      } catch (RuntimeException e) {
        addError("cannot encode a log event", e);
      }
      if (batch.size() >= MAX_BATCH_BYTES) {
        write(batch);
      }
    }
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      batch.writeBytes(("log queue full: " + lost + " line(s) dropped\n").getBytes(StandardCharsets.UTF_8));
    }
    write(batch);
  }

  private void write(ByteArrayOutputStream batch) {
    if (batch.size() == 0) {
      return;
    }
    try {
      batch.writeTo(out);
      out.flush();
    } catch (IOException e) {
      addError("cannot write log lines", e);
    }
    batch.reset();
  }
}
