package io.workshopmonitor.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka producer behind Vert.x futures. {@code send()} can wait for metadata or buffer space, so it runs on a
 * thread of its own, never on an event loop; one thread also keeps records in the order they were given. Each
 * future completes on the context that sent the record.
 */
final class AsyncProducer {

    private final Vertx vertx;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService sender;

    AsyncProducer(Vertx vertx, KafkaProducer<byte[], byte[]> producer, String name) {
        this.vertx = vertx;
        this.producer = producer;
        this.sender = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    }

    Future<Void> send(String topic, byte[] key, byte[] value) {
        Context context = vertx.getOrCreateContext();
        Promise<Void> appended = Promise.promise();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, failure) -> context.runOnContext(v -> {
                        if (failure == null) {
                            appended.complete();
                        } else {
                            appended.fail(failure);
                        }
                    }));
                } catch (RuntimeException e) {
                    context.runOnContext(v -> appended.fail(e));
                }
            });
        } catch (RejectedExecutionException e) {
            appended.fail(new IllegalStateException("stopping: nothing more goes to Kafka"));
        }
        return appended.future();
    }

    /** Sends what was given, then closes; blocking, so called from a worker. */
    void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(5));
    }
}
