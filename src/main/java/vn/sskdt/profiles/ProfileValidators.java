package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The validation chain of writes ({@link ProfileValidationConfig}), also usable without the server:
 * tools and tests that must check resources exactly as the server does build it here.
 */
public final class ProfileValidators {

	private ProfileValidators() {}

	/** Our FHIR package, e.g. from {@code classpath:fhir/package.tgz}. */
	public static NpmPackageValidationSupport loadPackage(FhirContext fhirContext, String location) throws IOException {
		NpmPackageValidationSupport profiles = new NpmPackageValidationSupport(fhirContext);
		profiles.loadPackageFromClasspath(location);
		return profiles;
	}

	/**
	 * Our package plus the R4 core definitions, with terminology answered in memory from the package
	 * and HAPI's built-in code systems; code systems we do not hold are accepted with a warning; a
	 * profile we do not know is an error. The validator keeps the core library's validators between
	 * calls ({@link ReusingInstanceValidator}), as many as there are cores.
	 */
	public static FhirValidator newValidator(FhirContext fhirContext, NpmPackageValidationSupport profiles) {
		FhirInstanceValidator instanceValidator = new ReusingInstanceValidator(
				validationChain(fhirContext, profiles), Math.max(2, Runtime.getRuntime().availableProcessors()));
		// a profile we do not know is a mistake of the sender, not something to skip silently
		instanceValidator.setErrorForUnknownProfiles(true);
		instanceValidator.setValidatorPolicyAdvisor(new EnvelopeOnly());
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(instanceValidator);
		return validator;
	}

	/** Where the validator of writes finds definitions and checks codes, in this order. */
	static ValidationSupportChain validationChain(FhirContext fhirContext, NpmPackageValidationSupport profiles) {
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
				new UnknownCodeSystemWarningValidationSupport(fhirContext);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		return new ValidationSupportChain(
				new VietnameseLanguage(fhirContext),
				new IndicatorRuleLanguage(fhirContext),
				profiles,
				new DefaultProfileValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystems);
	}

	/**
	 * Validates a transaction as the server does: the resource of every entry alone, against the
	 * profiles it declares, then the envelope (the Bundle without looking into the entries' resources:
	 * type, fullUrls and their agreement with the entries' ids, requests, the Bundle's own rules).
	 * Messages of every severity, except the {@code Bundle_*} ones (fullUrl and the like: HAPI's
	 * transaction processing decides those), located as a validation of the whole Bundle locates them:
	 * {@code Bundle.entry[2].resource}, the resource's type and id in a FHIRPath comment, then the
	 * element.
	 *
	 * <p>Why not the whole Bundle in one call, as before: the core validator then checks every entry
	 * twice, against the base definition of its type and against its profile, whose snapshot holds
	 * every rule of the base again; entry by entry it is checked once, against its profile (20 % less
	 * server CPU per check-up in paired runs, BENCHMARKS.md "Transactions validated entry by entry"). The messages are the same but for two kinds (shown by
	 * comparing both ways on the package examples broken one way at a time): a rule of the base
	 * definition broken is said once instead of twice; and a reference from one entry to another
	 * ({@code urn:uuid:…}) is no longer resolved, so the target's type is not checked against the
	 * profile's (an Observation's subject must be a Patient, not a Location), nor do the entries that
	 * refer to a broken entry get an error of their own. A reference to a stored resource was never
	 * resolved either, in a transaction or in a single create; the target entry is still validated
	 * against its own profile, and HAPI still refuses a target type the base specification does not
	 * allow ({@code StorageSettings.isEnforceReferenceTargetTypes}).
	 */
	public static List<SingleValidationMessage> validateTransaction(FhirValidator validator, FhirContext fhirContext, Bundle bundle) {
		IParser json = fhirContext.newJsonParser();
		List<SingleValidationMessage> messages = new ArrayList<>();
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Resource resource = entries.get(i).getResource();
			if (resource == null) {
				continue;
			}
			for (SingleValidationMessage message : validator.validateWithResult(json.encodeResourceToString(resource)).getMessages()) {
				message.setLocationString(inBundle(i, resource, message.getLocationString()));
				messages.add(message);
			}
		}
		for (SingleValidationMessage message : validator.validateWithResult(envelope(json.encodeResourceToString(bundle)),
				new ValidationOptions().setAppContext(EnvelopeOnly.MARK)).getMessages()) {
			// inside an entry's resource: said by the entry's own validation, the envelope holds only a stub of it
			if (message.getLocationString() == null || !IN_AN_ENTRY.matcher(message.getLocationString()).lookingAt()) {
				messages.add(message);
			}
		}
		messages.removeIf(m -> m.getMessageId() != null && m.getMessageId().startsWith("Bundle_"));
		return messages;
	}

	private static final Pattern IN_AN_ENTRY = Pattern.compile("Bundle\\.entry\\[\\d+\\]\\.resource");

	/**
	 * The Bundle's JSON with each entry's resource cut down to what the rules of the envelope read:
	 * its type, id, version id and canonical url (fullUrl against id, bdl-7, the first entry of a
	 * document or message). The rest would only be parsed into the validator's element model again.
	 */
	static String envelope(String bundleJson) {
		JsonObject bundle = JsonParser.parseString(bundleJson).getAsJsonObject();
		JsonArray entries = bundle.has("entry") ? bundle.getAsJsonArray("entry") : new JsonArray();
		for (JsonElement entry : entries) {
			JsonElement resource = entry.isJsonObject() ? entry.getAsJsonObject().get("resource") : null;
			if (resource == null || !resource.isJsonObject()) {
				continue;
			}
			JsonObject full = resource.getAsJsonObject();
			JsonObject stub = new JsonObject();
			for (String kept : List.of("resourceType", "id", "url")) {
				if (full.has(kept)) {
					stub.add(kept, full.get(kept));
				}
			}
			JsonElement meta = full.get("meta");
			if (meta != null && meta.isJsonObject() && meta.getAsJsonObject().has("versionId")) {
				JsonObject version = new JsonObject();
				version.add("versionId", meta.getAsJsonObject().get("versionId"));
				stub.add("meta", version);
			}
			entry.getAsJsonObject().add("resource", stub);
		}
		return bundle.toString();
	}

	/**
	 * Where a message about an entry's resource validated alone ({@code Observation.value…}) points in
	 * the Bundle, written as the validator writes it when it walks the whole Bundle.
	 */
	static String inBundle(int index, Resource resource, String location) {
		String type = resource.fhirType();
		// the id as the Bundle's JSON carries it: HAPI gives an entry the id of its urn:uuid fullUrl but does not write it
		String id = resource.getIdElement().isEmpty() || resource.getIdElement().isUrn() ? null : resource.getIdElement().getIdPart();
		String entry = "Bundle.entry[" + index + "].resource/*" + type + "/" + id + "*/";
		if (location == null || location.equals(type)) {
			return entry;
		}
		return location.startsWith(type + ".") ? entry + location.substring(type.length()) : entry + "." + location;
	}
}
