package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * A validator knowing the IPS profiles (npm packages fetched by {@code fhir-profiles/fetch-ips.sh}
 * into {@code target/ips-packages}) and our own package, offline, as our server validates.
 */
final class IpsValidation {

	static final Path PACKAGES = Path.of("target/ips-packages");
	private static FhirValidator validator;

	private IpsValidation() {}

	/** Error and fatal messages of validating the resource, each with its location. */
	static List<String> errors(FhirContext context, IBaseResource resource) throws IOException {
		return validator(context).validateWithResult(resource).getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.map(m -> m.getLocationString() + ": " + m.getMessage())
				.toList();
	}

	/**
	 * IPS 2.0.0's snapshots name some core profiles with their version (Composition.author:
	 * {@code …/StructureDefinition/Organization|4.0.1}); HAPI's default profile support knows them only
	 * without it, so the validator could not check those references and no Composition matched IPS's
	 * composition slice. This answers {@code <core url>|4.0.1} with the core profile itself.
	 */
	private static IValidationSupport versionedCoreProfiles(DefaultProfileValidationSupport core) {
		String version = "|" + core.getFhirContext().getVersion().getVersion().getFhirVersionString();
		return new IValidationSupport() {
			@Override
			public FhirContext getFhirContext() {
				return core.getFhirContext();
			}

			@Override
			public IBaseResource fetchStructureDefinition(String url) {
				return url != null && url.endsWith(version)
						? core.fetchStructureDefinition(url.substring(0, url.length() - version.length()))
						: null;
			}
		};
	}

	private static synchronized FhirValidator validator(FhirContext context) throws IOException {
		if (validator != null) {
			return validator;
		}
		if (!Files.isDirectory(PACKAGES)) {
			throw new IllegalStateException("IPS packages missing: run fhir-profiles/fetch-ips.sh (" + PACKAGES + ")");
		}
		PrePopulatedValidationSupport ips = new PrePopulatedValidationSupport(context);
		try (Stream<Path> files = Files.list(PACKAGES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".tgz")).toList()) {
				try (InputStream in = Files.newInputStream(file)) {
					NpmPackage npm = NpmPackage.fromPackage(in);
					for (String name : npm.listResources("StructureDefinition", "ValueSet", "CodeSystem")) {
						try (InputStream resource = npm.loadResource(name)) {
							ips.addResource(context.newJsonParser().parseResource(resource));
						}
					}
				}
			}
		}
		NpmPackageValidationSupport ours = new NpmPackageValidationSupport(context);
		ours.loadPackageFromClasspath("classpath:fhir/package.tgz");
		DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(context);
		ValidationSupportChain chain = new ValidationSupportChain(
				core,
				versionedCoreProfiles(core),
				ours,
				ips,
				new CommonCodeSystemsTerminologyService(context),
				new InMemoryTerminologyServerValidationSupport(context),
				new SnapshotGeneratingValidationSupport(context));
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
		// LOINC, ICD-10 and CVX are not held offline: unknown codes are not what this check is about
		instanceValidator.setErrorForUnknownProfiles(true);
		instanceValidator.setAnyExtensionsAllowed(true);
		validator = context.newValidator().registerValidatorModule(instanceValidator);
		return validator;
	}
}
