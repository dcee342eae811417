// Aliases for external code systems and identifier namespaces.
// Our own canonical lives only in sushi-config.yaml: refer to our artefacts by name or Canonical(Name).
Alias: $LNC = http://loinc.org
Alias: $UCUM = http://unitsofmeasure.org
Alias: $CVX = http://hl7.org/fhir/sid/cvx
Alias: $ATC = http://www.whocc.no/atc
Alias: $V2-0203 = http://terminology.hl7.org/CodeSystem/v2-0203
Alias: $ObsCat = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $RoleCode = http://terminology.hl7.org/CodeSystem/v3-RoleCode

// Identifier namespaces of the HL7 Vietnam community guide "VN Core" (http://fhir.hl7.org.vn/core)
Alias: $CCCD = http://fhir.hl7.org.vn/core/sid/cccd
Alias: $CMND = http://fhir.hl7.org.vn/core/sid/cmnd
Alias: $BHYT = http://fhir.hl7.org.vn/core/sid/bhyt
Alias: $MACSKCB = http://fhir.hl7.org.vn/core/sid/ma-cskcb
