package vn.sskdt.config;

/**
 * Marks a Spring bean as a HAPI plain provider of the FHIR endpoint (methods annotated with
 * {@code @Operation}), e.g. a feature's own operations. {@link FhirServerConfig} registers them all.
 */
public interface FhirServerOperations {}
