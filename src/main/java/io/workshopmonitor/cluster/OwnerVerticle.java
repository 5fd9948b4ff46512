package io.workshopmonitor.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.workshopmonitor.owner.WorkshopOwner;
import org.apache.kafka.clients.consumer.Consumer;

import java.util.function.Supplier;

/**
 * A cluster member's owner: the workshops of the readings partitions the consumer group gives this instance,
 * applied on this verticle's context as the readings consumer hands them over.
 */
final class OwnerVerticle extends VerticleBase {

    private static final long DRAIN_TIMEOUT_MS = 10_000;

    private final WorkshopOwner.Services services;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String topic;
    private final int partitions;
    private volatile ReadingConsumer readings;
    private WorkshopOwner owner;

    OwnerVerticle(WorkshopOwner.Services services, Supplier<Consumer<byte[], byte[]>> consumers, String topic,
                  int partitions) {
        this.services = services;
        this.consumers = consumers;
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    public Future<?> start() {
        owner = WorkshopOwner.create(vertx, services, key -> readings != null && readings.ours(key));
        readings = new ReadingConsumer(consumers.get(), topic, context, owner);
        readings.start(partitions);
        return Future.succeededFuture();
    }

    /** Finishes and commits the batch in hand and leaves the group, so another instance takes over at once. */
    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
                    readings.stop();
                    return null;
                })
                .compose(ignored -> owner.applier().drain(DRAIN_TIMEOUT_MS));
    }

    ReadingConsumer readings() {
        return readings;
    }

    WorkshopOwner owner() {
        return owner;
    }
}
