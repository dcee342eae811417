package vn.sskdt.config;

/**
 * Marks a Spring bean as a HAPI plain provider of the FHIR endpoint: our own operations (methods
 * annotated with {@code @Operation}), or a resource type we serve ourselves (an {@code IResourceProvider},
 * which then replaces HAPI's provider of that type). {@link FhirServerConfig} registers them all.
 */
public interface FhirOperationProvider {}
