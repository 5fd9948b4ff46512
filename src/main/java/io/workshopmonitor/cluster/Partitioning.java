package io.workshopmonitor.cluster;

import io.workshopmonitor.domain.WorkshopKey;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Which partition of the readings topic a workshop's readings go to: the same murmur2 hash of the record key as
 * the Kafka producer's own partitioner, so an instance knows which workshops the partitions it holds carry.
 */
public final class Partitioning {

    private Partitioning() {
    }

    public static byte[] key(WorkshopKey workshop) {
        return workshop.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static int partition(WorkshopKey workshop, int partitions) {
        return Utils.toPositive(Utils.murmur2(key(workshop))) % partitions;
    }
}
