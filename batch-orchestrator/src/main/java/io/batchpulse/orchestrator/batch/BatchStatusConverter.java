package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.model.BatchStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores statuses as their wire strings, so SQL and the event log read the same words. */
@Converter
class BatchStatusConverter implements AttributeConverter<BatchStatus, String> {

    @Override
    public String convertToDatabaseColumn(BatchStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public BatchStatus convertToEntityAttribute(String value) {
        return value == null ? null : BatchStatus.fromWire(value);
    }
}
