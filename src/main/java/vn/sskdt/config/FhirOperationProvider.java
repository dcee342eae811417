package vn.sskdt.config;

/**
 * Marks a Spring bean as a HAPI plain provider of the FHIR endpoint (methods annotated with
 * {@code @Operation}): our own operations. {@link FhirServerConfig} registers them all.
 */
public interface FhirOperationProvider {}
