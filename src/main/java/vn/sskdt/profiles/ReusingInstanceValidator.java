package vn.sskdt.profiles;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.elementmodel.ParserBase;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's {@link FhirInstanceValidator}, except that the core library's {@link InstanceValidator}s are
 * kept between calls instead of being built for every call.
 *
 * <p>Why: in HAPI 8.8.0 every call builds a new InstanceValidator, and its constructor re-reads the
 * OID registry of org.hl7.fhir.core 6.7.9 ({@code oidregistry.csv}, 21,000 lines) into a fresh map:
 * 33–60 ms per construction measured in isolation (BENCHMARKS.md), and megabytes of garbage. The
 * InstanceValidator itself can be reused: its main entry point clears its per-validation state
 * first (fetch cache, resource tracker, tracked messages, execution id).
 *
 * <p>How, and why it is safe:
 * <ul>
 * <li>An InstanceValidator is not thread-safe, so each is used by one thread at a time: a thread
 * takes one from the idle queue (or builds one) and puts it back when done. At most
 * {@code concurrency} validations run at once (one per core, at least 2, in the server): validation is pure CPU
 * work, so more at once would not be faster, only hold more memory (each InstanceValidator keeps
 * its own OID map, a few MB). A thread that waits longer than {@link #WAIT_SECONDS} validates the
 * way HAPI does, with a validator of its own for that call.</li>
 * <li>One thing an InstanceValidator collects is not cleared by the library between calls, and it
 * holds on to the validated content: every code checked, with the path to it (6.7.9's
 * {@code CodingsObserver}, for an IPS check we do not use), ~1 MB per check-up transaction. That
 * list is emptied here after each use ({@link #forgetCodesSeen}, the one place that reaches into
 * the library's private fields). If they are not found at start-up, or emptying them ever fails,
 * this class falls back to HAPI's way (a new validator per call) from then on and says so once
 * in the log, without any of the validated content. The code/text pairs kept for an AI check we
 * do not use are emptied too.</li>
 * <li>What else it keeps only grows slowly and changes no error (hints about deprecated
 * definitions already given, canonical lookups); each InstanceValidator is still retired after
 * {@link #MAX_USES} validations to bound it.</li>
 * <li>An InstanceValidator whose validation threw is dropped, never reused; so is one that was in
 * use while {@link #invalidateCaches} ran (it may hold definitions from before).</li>
 * <li>What happens around the core validator is what HAPI 8.8.0's (package-private)
 * {@code ValidatorWrapper} does, written out here: the same settings, profiles from the options
 * and the root {@code meta.profile}, the same messages removed and the same severity for unknown
 * profiles. XML input is left to HAPI entirely. Re-check this class when upgrading HAPI
 * ({@code ReusingInstanceValidatorTest} compares the two).</li>
 * </ul>
 * Settings ({@code setErrorForUnknownProfiles} and the like) must be made before the first
 * validation: validators already built keep the settings they were built with.
 */
final class ReusingInstanceValidator extends FhirInstanceValidator {

	private static final Logger log = LoggerFactory.getLogger(ReusingInstanceValidator.class);

	/** Validations one InstanceValidator serves before it is replaced by a fresh one. */
	static final int MAX_USES = 1000;

	/** {@code InstanceValidator.codingObserver} and {@code CodingsObserver.list}; null if not found. */
	private static final Field CODINGS_OBSERVER;
	private static final Field CODES_SEEN;

	static {
		Field observer = null;
		Field seen = null;
		try {
			observer = InstanceValidator.class.getDeclaredField("codingObserver");
			seen = CodingsObserver.class.getDeclaredField("list");
			observer.setAccessible(true);
			seen.setAccessible(true);
		} catch (ReflectiveOperationException | RuntimeException e) {
			log.warn("Validators are not reused: this version of org.hl7.fhir.validation has no {}", e.getMessage());
			observer = null;
			seen = null;
		}
		CODINGS_OBSERVER = observer;
		CODES_SEEN = seen;
	}

	/** Whether InstanceValidators can be reused safely with this version of the library. */
	static boolean reusable() {
		return CODES_SEEN != null;
	}

	/** How long a validation waits for a free InstanceValidator before building its own. */
	static final long WAIT_SECONDS = 10;

	private final Semaphore running;
	private final Queue<Reusable> idle = new ConcurrentLinkedQueue<>();
	/** Counts {@link #invalidateCaches} calls: validators built before the last one are not reused. */
	private final AtomicInteger generation = new AtomicInteger();
	/**
	 * Set once emptying a validator's codes failed: from then on every call validates the way HAPI
	 * does, since the next attempt would most likely fail the same way.
	 */
	private final AtomicBoolean forgettingFailed = new AtomicBoolean();

	/** Used by one thread at a time: the idle queue hands it over (and publishes {@code uses}). */
	private static final class Reusable {
		final InstanceValidator validator;
		/** what the element-model parser of each call uses ({@link #parseAndValidate}) */
		final ProfileUtilities profileUtilities;
		/** the base definitions of the types by name, as the parser finds them ({@link TypedJsonParser}) */
		final Map<String, StructureDefinition> baseDefinitions;
		final int generation;
		int uses;

		Reusable(InstanceValidator validator, ProfileUtilities profileUtilities, Map<String, StructureDefinition> baseDefinitions,
				int generation) {
			this.validator = validator;
			this.profileUtilities = profileUtilities;
			this.baseDefinitions = baseDefinitions;
			this.generation = generation;
		}
	}

	/** @param concurrency how many validations may run at once (and InstanceValidators be kept) */
	ReusingInstanceValidator(IValidationSupport validationSupport, int concurrency) {
		super(validationSupport);
		setWrappedWorkerContext(validationSupport, new KeptDefinitions(validationSupport));
		this.running = new Semaphore(concurrency, true);
	}

	@Override
	protected List<ValidationMessage> validate(IValidationContext<?> context) {
		if (context.getResourceAsStringEncoding() != EncodingEnum.JSON || !reusing()) {
			return super.validate(context);
		}
		boolean admitted;
		try {
			admitted = running.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			admitted = false;
		}
		if (!admitted) {
			return super.validate(context);
		}
		try {
			Reusable reusable = idle.poll();
			if (reusable == null) {
				// the generation is read before building, so a concurrent invalidation retires this one
				int current = generation.get();
				WorkerContextValidationSupportAdapter worker = provideWorkerContext();
				reusable = new Reusable(newInstanceValidator(worker),
						new ProfileUtilities(worker, null, null, new FHIRPathEngine(worker)), TypedJsonParser.baseDefinitions(worker), current);
			}
			List<ValidationMessage> messages = validateJson(reusable, context);
			// reached only without an exception: a validator that failed half-way is not reused.
			// The codes are forgotten even when it is retired, so that nothing outlives the call
			boolean forgotten = forgetCodesSeen(reusable.validator);
			if (forgotten && reusing() && ++reusable.uses < MAX_USES && reusable.generation == generation.get()) {
				idle.add(reusable);
			}
			return messages;
		} finally {
			running.release();
		}
	}

	/** Whether this validator still keeps InstanceValidators between calls. */
	boolean reusing() {
		return reusable() && !forgettingFailed.get();
	}

	/** Idle InstanceValidators are dropped too, so that they are rebuilt on fresh definitions. */
	@Override
	public void invalidateCaches() {
		super.invalidateCaches();
		generation.incrementAndGet();
		idle.clear();
	}

	/**
	 * Empties what the validator kept of the content it just validated and would keep forever
	 * otherwise; false if that failed, and the validator must not be reused.
	 */
	private boolean forgetCodesSeen(InstanceValidator validator) {
		try {
			((List<?>) CODES_SEEN.get(CODINGS_OBSERVER.get(validator))).clear();
			validator.getTextsToCheck().clear();
			return true;
		} catch (ReflectiveOperationException | RuntimeException e) {
			// once, and only the exception's type: its message could quote the list's content
			if (forgettingFailed.compareAndSet(false, true)) {
				log.warn("Validators are no longer reused (one new validator per call, as HAPI does): "
						+ "emptying a validator's list of codes seen failed with {}", e.getClass().getName());
			}
			idle.clear();
			return false;
		}
	}

	/** An InstanceValidator set up as HAPI 8.8.0 sets up the one it builds for each call. */
	private InstanceValidator newInstanceValidator(WorkerContextValidationSupportAdapter worker) {
		InstanceValidator validator = new InstanceValidator(
				worker,
				Objects.requireNonNullElseGet(getHostApplicationServices(), NullEvaluationContext::new),
				new XVerExtensionManagerOld(worker),
				new ValidatorSession(),
				new ValidatorSettings());
		validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
		validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
		validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setNoTerminologyChecks(isNoTerminologyChecks());
		validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
		// as HAPI: unknown code systems are errors here, UnknownCodeSystemWarningValidationSupport decides
		validator.setUnknownCodeSystemsCauseErrors(true);
		validator.getExtensionDomains().addAll(getExtensionDomains());
		validator.setFetcher(getValidatorResourceFetcher());
		validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
		validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
		validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
		validator.setAllowExamples(isAllowExamples());
		validator.setAllowXsiLocation(true);
		return validator;
	}

	private List<ValidationMessage> validateJson(Reusable reusable, IValidationContext<?> context) {
		WorkerContextValidationSupportAdapter worker = provideWorkerContext();
		List<StructureDefinition> profiles = new ArrayList<>();
		List<ValidationMessage> unknownProfiles = new ArrayList<>();
		for (String url : context.getOptions().getProfiles()) {
			addProfile(worker, url, profiles, unknownProfiles);
		}
		String json = context.getResourceAsString();
		for (String url : rootProfiles(json)) {
			addProfile(worker, url, profiles, unknownProfiles);
		}

		List<ValidationMessage> messages = parseAndValidate(reusable, worker, context.getOptions().getAppContext(), json, profiles);

		if (profiles.isEmpty()) {
			messages.addAll(unknownProfiles);
		}
		messages.removeIf(ReusingInstanceValidator::droppedByHapi);
		for (ValidationMessage message : messages) {
			if (I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(message.getMessageId())
					|| I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId())) {
				message.setLevel(isErrorForUnknownProfiles()
						? ValidationMessage.IssueSeverity.ERROR
						: ValidationMessage.IssueSeverity.WARNING);
			}
		}
		return messages;
	}

	/**
	 * What {@code InstanceValidator.validate(appContext, errors, InputStream, JSON, profiles)} does, except
	 * that the element-model parser is given the validator's kept {@link ProfileUtilities}: built without
	 * one, each parser builds its own, with a new FHIRPath engine that lists and converts every
	 * StructureDefinition of the context — for each of the 12 validations of a check-up transaction
	 * (~6 % of validation's samples in a flight recording of {@code bench/validation.sh}, BENCHMARKS.md).
	 * Logical-model profiles (none of ours) are left to the library's own method.
	 */
	private static List<ValidationMessage> parseAndValidate(Reusable reusable, WorkerContextValidationSupportAdapter worker,
			Object appContext, String json, List<StructureDefinition> profiles) {
		List<ValidationMessage> messages = new ArrayList<>();
		InputStream stream = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
		if (profiles.stream().anyMatch(p -> p.getKind() == StructureDefinition.StructureDefinitionKind.LOGICAL)) {
			reusable.validator.validate(appContext, messages, stream, Manager.FhirFormat.JSON, profiles);
			return messages;
		}
		TypedJsonParser parser = new TypedJsonParser(worker, reusable.profileUtilities, reusable.baseDefinitions);
		parser.setupValidation(ParserBase.ValidationPolicy.EVERYTHING);
		parser.setAllowComments(reusable.validator.isAllowComments());
		List<ValidatedFragment> fragments;
		try {
			fragments = parser.parse(stream);
		} catch (IOException e) {
			throw new FHIRException(e);
		}
		if (fragments == null) {
			return messages;
		}
		for (ValidatedFragment fragment : fragments) {
			if (fragment.getElement() != null) {
				reusable.validator.validate(appContext, fragment.getErrors(), fragments.size() > 1 ? fragment.path() : null,
						fragment.getElement(), profiles);
			}
			messages.addAll(fragment.getErrors());
		}
		return messages;
	}

	/**
	 * The core library's element-model parser, except that it finds the definition of a resource's type
	 * in a map instead of a walk over every StructureDefinition of the context: 6.7.9's
	 * {@code ParserBase.getDefinition} compares each one's URL with a newly concatenated string, for the
	 * root of every validation and every resource inside it (~6 % of validation's samples in a flight
	 * recording, BENCHMARKS.md). The map holds what that walk's first pass finds (the first definition
	 * whose URL is the type's base URL); a name it does not hold is left to the library's walk.
	 */
	private static final class TypedJsonParser extends org.hl7.fhir.r5.elementmodel.JsonParser {
		private static final String BASE = "http://hl7.org/fhir/StructureDefinition/";
		private final Map<String, StructureDefinition> baseDefinitions;

		TypedJsonParser(WorkerContextValidationSupportAdapter worker, ProfileUtilities profileUtilities,
				Map<String, StructureDefinition> baseDefinitions) {
			super(worker, profileUtilities);
			this.baseDefinitions = baseDefinitions;
		}

		static Map<String, StructureDefinition> baseDefinitions(WorkerContextValidationSupportAdapter worker) {
			Map<String, StructureDefinition> byName = new HashMap<>();
			for (StructureDefinition definition : worker.fetchResourcesByType(StructureDefinition.class)) {
				String url = definition.getUrl();
				if (url != null && url.startsWith(BASE)) {
					byName.putIfAbsent(url.substring(BASE.length()), definition);
				}
			}
			return Map.copyOf(byName);
		}

		@Override
		protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name) throws FHIRFormatError {
			StructureDefinition definition = name == null ? null : baseDefinitions.get(name);
			if (definition == null) {
				return super.getDefinition(errors, line, col, name);
			}
			getContextUtilities().generateSnapshot(definition);
			return definition;
		}
	}

	/** Messages HAPI's wrapper removes: no binding source; the mimetypes value set not found. */
	private static boolean droppedByHapi(ValidationMessage message) {
		String id = message.getMessageId();
		return id != null
				&& (id.equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
						|| (id.equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
								&& message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
	}

	private static List<String> rootProfiles(String json) {
		List<String> urls = new ArrayList<>();
		JsonObject meta = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("meta");
		JsonElement profile = meta == null ? null : meta.get("profile");
		if (profile != null && profile.isJsonArray()) {
			for (JsonElement url : (JsonArray) profile) {
				urls.add(url.getAsString());
			}
		}
		return urls;
	}

	private static void addProfile(WorkerContextValidationSupportAdapter worker, String url,
			List<StructureDefinition> profiles, List<ValidationMessage> unknown) {
		StructureDefinition profile;
		try {
			profile = worker.fetchResource(StructureDefinition.class, url);
		} catch (FHIRException e) {
			return; // as HAPI: a profile that fails to load is skipped here and reported by the validator
		}
		if (profile != null) {
			profiles.add(profile);
		} else {
			unknown.add(new ValidationMessage()
					.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN)
					.setLevel(ValidationMessage.IssueSeverity.ERROR)
					.setMessage("Invalid profile. Failed to retrieve profile with url=" + url));
		}
	}
}
