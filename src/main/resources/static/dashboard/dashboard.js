// SSKĐT coverage dashboard: signs in with OIDC authorization code + PKCE (endpoints from the SMART
// configuration), then reads the indicator API with the bearer token. No framework; Chart.js draws.
// Nothing personal is written to the console or to storage (only the token, in this tab's session).
(function () {
  'use strict';

  // The local sign-in matches a "localhost" redirect URI exactly (port included: it fails when the
  // server runs on another port than configured, e.g. tests on a random port) but a loopback IP on
  // any port (RFC 8252), so the page moves itself there before anything else (the same server).
  if (location.hostname === 'localhost') {
    location.replace(location.href.replace('//localhost', '//127.0.0.1'));
    return;
  }

  var CLIENT_ID = 'sskdt-dashboard';
  var SCOPE = 'openid user/*.rs';
  var FHIR = location.origin + '/fhir';
  var REDIRECT = location.origin + '/dashboard/';
  var TARGET_EXT = 'https://sskdt.vn/fhir/StructureDefinition/vn-plan-target';
  var MET_EXT = 'https://sskdt.vn/fhir/StructureDefinition/vn-target-met';
  var CLOSE_POINTS = 5; // "close": within 5 percentage points of the target (the plan has no such band)
  var FORECAST_STATUS = 'http://terminology.hl7.org/CodeSystem/immunization-recommendation-status';
  var DUE_DATE = '30980-7';   // LOINC "Date vaccine due", the forecast's due date criterion

  var TEXT = {
    vi: {
      title: 'Chỉ số bao phủ y tế', signIn: 'Đăng nhập', signOut: 'Đăng xuất',
      signInHint: 'Đăng nhập để xem chỉ số của địa bàn bạn phụ trách.',
      year: 'Năm', province: 'Tỉnh/thành phố', commune: 'Xã/phường', show: 'Xem', csv: 'Tải bảng CSV',
      indicatorsCaption: 'Chỉ số kế hoạch: giá trị, mục tiêu và mức đạt', indicator: 'Chỉ số', value: 'Giá trị',
      target: 'Mục tiêu', state: 'Mức đạt', counts: 'Tử số / mẫu số', chartTitle: 'Các xã/phường theo giá trị',
      chartIndicator: 'Chỉ số của biểu đồ', met: 'Đạt', close: 'Gần đạt', far: 'Còn xa', none: 'Chưa có số liệu',
      notarget: 'Không có mục tiêu năm',
      legendHint: '— chọn một xã trên biểu đồ hoặc trong bảng để xem các chỉ số của xã.',
      communesCaption: 'Xã/phường (sắp theo giá trị)', wholeProvince: 'Toàn tỉnh',
      toReachTitle: 'Người dân cần tiếp cận', toReachIndicator: 'Theo chỉ số',
      checkupAnnual: 'Khám sức khỏe định kỳ', fullyImmunized: 'Tiêm chủng đầy đủ (trẻ 1 tuổi)',
      toReachCount: 'Còn {n} người cần tiếp cận (hiện {shown} người đầu).',
      toReachCaption: 'Người dân cần tiếp cận và mũi tiêm đến hạn của họ', resident: 'Người dân', birthDate: 'Ngày sinh',
      dueDoses: 'Mũi tiêm đến hạn: ngày đến hạn, trạng thái', due: 'Đến hạn', overdue: 'Quá hạn',
      noDoseDue: 'Không có mũi đến hạn', forecastUnavailable: 'Không tải được lịch tiêm',
      dueNote: 'Mũi tiêm đến hạn hoặc quá hạn theo lịch tiêm chủng mở rộng, tính đến ngày {date} (trẻ dưới 6 tuổi).',
      loading: 'Đang tải…', ready: 'Đã cập nhật.', targetLine: 'Mục tiêu',
      refusedRole: 'Tài khoản này không được xem chỉ số bao phủ. Trang này dành cho cán bộ Sở Y tế và trạm y tế xã; người dân xem sổ sức khỏe của mình trong ứng dụng công dân.',
      refusedApi: 'Máy chủ từ chối yêu cầu ({status}). Tài khoản không có quyền xem địa bàn này.',
      signInFailed: 'Đăng nhập không thành công: {error}', failed: 'Không tải được số liệu: {error}',
      csvFile: 'chi-so'
    },
    en: {
      title: 'Health coverage indicators', signIn: 'Sign in', signOut: 'Sign out',
      signInHint: 'Sign in to see the indicators of your area.',
      year: 'Year', province: 'Province', commune: 'Commune', show: 'Show', csv: 'Download CSV',
      indicatorsCaption: 'Plan indicators: value, target and attainment', indicator: 'Indicator', value: 'Value',
      target: 'Target', state: 'Attainment', counts: 'Numerator / denominator', chartTitle: 'Communes by value',
      chartIndicator: 'Indicator in the chart', met: 'Met', close: 'Close', far: 'Far', none: 'No data',
      notarget: 'No yearly target',
      legendHint: '— choose a commune in the chart or the table to see its indicators.',
      communesCaption: 'Communes (sorted by value)', wholeProvince: 'Whole province',
      toReachTitle: 'Residents still to reach', toReachIndicator: 'For indicator',
      checkupAnnual: 'Annual check-up', fullyImmunized: 'Fully immunized (1-year-olds)',
      toReachCount: '{n} people still to reach (first {shown} shown).',
      toReachCaption: 'Residents still to reach and their vaccine doses due', resident: 'Resident', birthDate: 'Date of birth',
      dueDoses: 'Doses due: due date, status', due: 'Due', overdue: 'Overdue',
      noDoseDue: 'No dose due', forecastUnavailable: 'Could not load the schedule',
      dueNote: 'Doses due or overdue by the national immunization schedule as of {date} (children under 6).',
      loading: 'Loading…', ready: 'Up to date.', targetLine: 'Target',
      refusedRole: 'This account may not view coverage indicators. This page is for health department and commune station staff; citizens see their health book in the citizen app.',
      refusedApi: 'The server refused the request ({status}). This account may not view this area.',
      signInFailed: 'Sign-in failed: {error}', failed: 'Could not load the figures: {error}',
      csvFile: 'indicators'
    }
  };

  var lang = localStorage.getItem('sskdt-dashboard-lang') === 'en' ? 'en' : 'vi';
  var token = sessionStorage.getItem('sskdt-dashboard-token');
  var claims = null;
  var reports = [];      // MeasureReports of the area last loaded
  var titles = {};       // Measure url -> title
  var chart = null;
  var toReach = null;    // the station's list last loaded: ids, patients, due doses, count, as-of date
  var dueLists = {};     // month -> promise of the commune's due doses (one $immds-due per month)
  var $ = function (id) { return document.getElementById(id); };

  function t(key, values) {
    var s = TEXT[lang][key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.replace('{' + k + '}', values[k]); });
    return s;
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = t(el.dataset.i18n); });
    $('lang').textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
    $('lang').lang = lang === 'vi' ? 'en' : 'vi';
    document.title = t('title') + ' — SSKĐT';
  }

  function status(message) { $('status').textContent = message; }

  function refuse(message) {
    $('refused').textContent = message;
    $('refused').hidden = false;
    $('app').hidden = true;
    document.body.dataset.state = 'refused';
  }

  // ---- sign-in: authorization code + PKCE ----

  function base64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function smartConfiguration() {
    return fetch(FHIR + '/.well-known/smart-configuration').then(function (r) { return r.json(); });
  }

  function signIn() {
    var verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    var state = base64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem('sskdt-dashboard-pkce', JSON.stringify({ verifier: verifier, state: state }));
    return Promise.all([smartConfiguration(), crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))])
      .then(function (results) {
        var url = new URL(results[0].authorization_endpoint);
        url.search = new URLSearchParams({
          response_type: 'code', client_id: CLIENT_ID, scope: SCOPE, redirect_uri: REDIRECT, state: state,
          code_challenge: base64url(results[1]), code_challenge_method: 'S256'
        }).toString();
        location.assign(url.toString());
      });
  }

  function finishSignIn(params) {
    var pkce = JSON.parse(sessionStorage.getItem('sskdt-dashboard-pkce') || '{}');
    sessionStorage.removeItem('sskdt-dashboard-pkce');
    history.replaceState(null, '', REDIRECT);
    if (params.get('error')) {
      return Promise.reject(new Error(params.get('error_description') || params.get('error')));
    }
    if (!pkce.state || pkce.state !== params.get('state')) {
      return Promise.reject(new Error('state'));
    }
    return smartConfiguration().then(function (smart) {
      return fetch(smart.token_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', client_id: CLIENT_ID, code: params.get('code'),
          redirect_uri: REDIRECT, code_verifier: pkce.verifier
        })
      });
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok || !body.access_token) { throw new Error(body.error_description || body.error || r.status); }
        token = body.access_token;
        sessionStorage.setItem('sskdt-dashboard-token', token);
      });
    });
  }

  function decodeClaims(jwt) {
    var part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    var bytes = Uint8Array.from(atob(part), function (c) { return c.charCodeAt(0); });
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // ---- API ----

  function api(path, accept) {
    return fetch(FHIR + path, { headers: { Authorization: 'Bearer ' + token, Accept: accept || 'application/fhir+json' } })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          var e = new Error(String(r.status)); e.refused = r.status; throw e;
        }
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r;
      });
  }

  function period() { var y = $('year').value; return 'periodStart=' + y + '&periodEnd=' + y; }

  function area() { return $('commune').value || $('province').value; }

  function measureId(report) { return report.measure.split('|')[0].split('/').pop(); }

  function ext(element, url) {
    return (element.extension || []).filter(function (e) { return e.url === url; })[0];
  }

  function score(element) { return element.measureScore ? element.measureScore.value : undefined; }

  function isProportion(report) { return !(report.group[0].measureScore && report.group[0].measureScore.unit === 'cm') && !/height/.test(report.measure); }

  /** met / close / far of a score (stratum or group) of a report with a plan target, or none. */
  function attainment(report, element) {
    var target = ext(report.group[0], TARGET_EXT);
    var value = score(element);
    if (value === undefined) { return 'none'; }
    if (!target) { return 'notarget'; } // height: its target (+1.5 cm by 2030) is read against a baseline year
    var met = ext(element, MET_EXT);
    if (met && met.valueBoolean) { return 'met'; }
    var wanted = target.valueQuantity.value;
    var have = target.valueQuantity.code === '%' ? value * 100 : value;
    return Math.abs(wanted - have) <= CLOSE_POINTS ? 'close' : 'far';
  }

  function formatNumber(n, digits) {
    var s = n.toFixed(digits);
    return lang === 'vi' ? s.replace('.', ',') : s;
  }

  function formatScore(report, value) {
    if (value === undefined) { return '—'; }
    // scores come with 4 decimals: 2 decimals of per cent show them exactly, as the API and the CSV have them
    return isProportion(report) ? formatNumber(value * 100, 2) + ' %' : formatNumber(value, 2) + ' cm';
  }

  function formatTarget(report) {
    var target = ext(report.group[0], TARGET_EXT);
    if (!target) { return '—'; }
    var q = target.valueQuantity;
    return (q.comparator ? q.comparator.replace('>=', '≥').replace('<=', '≤') + ' ' : '') + formatNumber(q.value, 0) + (q.code === '%' ? ' %' : ' ' + (q.unit || q.code || ''));
  }

  function population(element, code) {
    var p = (element.population || []).filter(function (p) { return p.code.coding[0].code === code; })[0];
    return p ? p.count : undefined;
  }

  function badge(state) {
    var span = document.createElement('span');
    span.className = 'badge ' + state;
    span.textContent = t(state);
    return span;
  }

  function communeStrata(report) {
    var s = (report.group[0].stratifier || []).filter(function (s) { return s.code[0].text === 'commune'; })[0];
    return s ? s.stratum : [];
  }

  function communeCode(stratum) { return stratum.value.text; }

  function communeName(stratum) {
    var c = stratum.value.coding && stratum.value.coding[0];
    return c && c.display ? c.display : stratum.value.text;
  }

  // ---- rendering ----

  /** The indicators table: of the area, or of one commune of the loaded province (from its strata). */
  function renderIndicators(commune) {
    var body = $('indicators').querySelector('tbody');
    body.textContent = '';
    reports.forEach(function (report) {
      var element = report.group[0];
      if (commune) {
        element = communeStrata(report).filter(function (s) { return communeCode(s) === commune; })[0] || {};
      }
      var tr = document.createElement('tr');
      tr.dataset.measure = measureId(report);
      var name = document.createElement('th');
      name.scope = 'row';
      name.textContent = titles[report.measure.split('|')[0]] || measureId(report);
      var value = document.createElement('td');
      value.className = 'num value';
      value.textContent = formatScore(report, score(element));
      if (score(element) !== undefined) { value.dataset.score = String(score(element)); }
      var target = document.createElement('td');
      target.className = 'num';
      target.textContent = formatTarget(report);
      var state = document.createElement('td');
      state.appendChild(badge(attainment(report, element)));
      var counts = document.createElement('td');
      counts.className = 'num';
      var n = population(element, isProportion(report) ? 'numerator' : 'measure-observation');
      var d = population(element, isProportion(report) ? 'denominator' : 'measure-population');
      counts.textContent = isProportion(report) ? (n === undefined ? '—' : n + ' / ' + d) : (d === undefined ? '—' : String(d));
      [name, value, target, state, counts].forEach(function (c) { tr.appendChild(c); });
      body.appendChild(tr);
    });
    var subject = reports[0] ? reports[0].subject.display : '';
    var communeOption = commune ? $('commune').selectedOptions[0] : null;
    $('area-title').textContent = (communeOption ? communeOption.textContent + ', ' : '') + subject + ' — ' + $('year').value;
  }

  function renderChart() {
    var report = reports.filter(function (r) { return measureId(r) === $('chart-indicator').value; })[0];
    var strata = report ? communeStrata(report) : [];
    $('chart-section').hidden = strata.length < 2;
    if (!report || strata.length < 2) { return; }
    var proportion = isProportion(report);
    var rows = strata.filter(function (s) { return score(s) !== undefined; })
      .sort(function (a, b) { return score(b) - score(a); });
    var unscored = strata.filter(function (s) { return score(s) === undefined; });
    var shown = function (s) { return proportion ? score(s) * 100 : score(s); };
    var colours = { met: '#1a7f37', close: '#8a5a00', far: '#b42318', none: '#57606a', notarget: '#0b4f8a' };
    var target = ext(report.group[0], TARGET_EXT);
    var datasets = [{
      type: 'bar', label: titles[report.measure.split('|')[0]] || measureId(report),
      data: rows.map(shown), backgroundColor: rows.map(function (s) { return colours[attainment(report, s)]; })
    }];
    if (target) {
      datasets.push({
        type: 'line', label: t('targetLine') + ' ' + formatTarget(report), data: rows.map(function () { return target.valueQuantity.value; }),
        borderColor: '#1f2328', borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false
      });
    }
    if (chart) { chart.destroy(); }
    chart = new Chart($('chart'), {
      data: { labels: rows.map(communeName), datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, max: proportion ? 100 : undefined, title: { display: true, text: proportion ? '%' : 'cm' } } },
        onClick: function (event, elements) {
          if (elements.length) { selectCommune(communeCode(rows[elements[0].index])); }
        }
      }
    });
    $('chart').setAttribute('aria-label', t('chartTitle') + ': ' + datasets[0].label);
    // the same figures as a table, reachable by keyboard and screen readers
    var body = $('communes').querySelector('tbody');
    body.textContent = '';
    rows.concat(unscored).forEach(function (s) {
      var tr = document.createElement('tr');
      tr.dataset.commune = communeCode(s);
      var name = document.createElement('td');
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = communeName(s);
      button.addEventListener('click', function () { selectCommune(communeCode(s)); });
      name.appendChild(button);
      var value = document.createElement('td');
      value.className = 'num';
      value.textContent = formatScore(report, score(s));
      var state = document.createElement('td');
      state.appendChild(badge(attainment(report, s)));
      [name, value, state].forEach(function (c) { tr.appendChild(c); });
      body.appendChild(tr);
    });
  }

  function selectCommune(code) {
    $('commune').value = code;
    renderIndicators(code);
    $('area-title').scrollIntoView({ behavior: 'smooth' });
    $('area-title').focus();
  }

  /** The date as the reader writes it: dd/mm/yyyy in Vietnamese, ISO in English (unambiguous). */
  function formatDate(iso) {
    var d = iso.substring(0, 10).split('-');
    return lang === 'vi' ? d[2] + '/' + d[1] + '/' + d[0] : iso.substring(0, 10);
  }

  /** "Vietnamese / English" labels of the schedule: the reader's half. */
  function inLanguage(label) {
    var parts = String(label || '').split(' / ');
    return lang === 'en' && parts.length > 1 ? parts[1] : parts[0];
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /**
   * The month whose end the forecast is read at: now for the current year (the station's work list),
   * the year's end for a past year (what was still due that year).
   */
  function dueMonth() {
    var now = new Date();
    var year = Number($('year').value);
    return year < now.getFullYear() ? year + '-12' : now.getFullYear() + '-' + pad(now.getMonth() + 1);
  }

  function endOfMonth(month) {
    var parts = month.split('-');
    var last = new Date(Number(parts[0]), Number(parts[1]), 0).getDate();
    return month + '-' + pad(last);
  }

  /**
   * The commune's children with a dose due or overdue at the end of the month, from one
   * Patient/$immds-due (the station's commune comes from its token): patient id -> doses by due date.
   */
  function dueDoses(month) {
    if (!dueLists[month]) {
      dueLists[month] = api('/Patient/$immds-due?month=' + month).then(function (r) { return r.json(); }).then(function (bundle) {
        var byPatient = {};
        (bundle.entry || []).forEach(function (e) {
          var forecast = e.resource;
          if (forecast.resourceType !== 'ImmunizationRecommendation') { return; }
          byPatient[forecast.patient.reference.split('/').pop()] = (forecast.recommendation || []).map(function (r) {
            var coding = r.vaccineCode[0].coding[0];
            var state = r.forecastStatus.coding.filter(function (c) { return c.system === FORECAST_STATUS; })[0];
            var due = (r.dateCriterion || []).filter(function (c) { return c.code.coding[0].code === DUE_DATE; })[0];
            return { vaccine: coding.code, dose: r.doseNumber, label: r.description || coding.display,
              status: state ? state.code : '', due: due ? due.value.substring(0, 10) : '' };
          }).sort(function (a, b) { return a.due < b.due ? -1 : a.due > b.due ? 1 : 0; });
        });
        return byPatient;
      });
      // a failed request is asked again next time rather than remembered
      dueLists[month].catch(function () { delete dueLists[month]; });
    }
    return dueLists[month];
  }

  function renderToReach() {
    var commune = area();
    var id = $('to-reach-indicator').value;
    var month = dueMonth();
    var subjects = api('/Measure/' + id + '/$evaluate-measure?' + period() + '&jurisdiction=' + commune + '&reportType=subject-list&_count=50')
      .then(function (r) { return r.json(); })
      .then(function (report) {
        var list = (report.contained || []).filter(function (c) { return c.resourceType === 'List'; })[0];
        var ids = list && list.entry ? list.entry.map(function (e) { return e.item.reference.split('/')[1]; }) : [];
        var answer = { ids: ids, count: population(report.group[0], 'to-reach') || 0, patients: {} };
        if (!ids.length) { return answer; }
        return api('/Patient?_id=' + ids.join(',') + '&_elements=name,birthDate&_count=' + ids.length)
          .then(function (r) { return r.json(); })
          .then(function (bundle) {
            (bundle.entry || []).forEach(function (e) { answer.patients[e.resource.id] = e.resource; });
            return answer;
          });
      });
    // the list stands without its due dates when the forecast cannot be read
    var due = dueDoses(month).catch(function () { return null; });
    return Promise.all([subjects, due]).then(function (results) {
      toReach = results[0];
      toReach.due = results[1];
      toReach.asOf = endOfMonth(month);
      drawToReach();
    });
  }

  function timeElement(iso) {
    var time = document.createElement('time');
    time.dateTime = iso;
    time.textContent = formatDate(iso);
    return time;
  }

  function drawToReach() {
    var body = $('to-reach').querySelector('tbody');
    body.textContent = '';
    $('to-reach-count').textContent = t('toReachCount', { n: toReach.count, shown: toReach.ids.length });
    $('due-note').textContent = toReach.due ? t('dueNote', { date: formatDate(toReach.asOf) }) : t('forecastUnavailable');
    toReach.ids.forEach(function (pid) {
      var p = toReach.patients[pid];
      var tr = document.createElement('tr');
      tr.dataset.patient = pid;
      var name = document.createElement('th');
      name.scope = 'row';
      var n = p && p.name && p.name[0];
      name.textContent = n ? ((n.family || '') + ' ' + (n.given || []).join(' ')).trim() : pid;
      var born = document.createElement('td');
      born.className = 'num';
      if (p && p.birthDate) { born.appendChild(timeElement(p.birthDate)); } else { born.textContent = '—'; }
      var doses = document.createElement('td');
      var due = toReach.due ? toReach.due[pid] || [] : null;
      if (!due) {
        doses.textContent = t('forecastUnavailable');
      } else if (!due.length) {
        doses.textContent = t('noDoseDue');
      } else {
        var ul = document.createElement('ul');
        ul.className = 'doses';
        due.forEach(function (d) {
          var li = document.createElement('li');
          li.dataset.vaccine = d.vaccine;
          li.dataset.due = d.due;
          li.dataset.status = d.status;
          var label = document.createElement('span');
          label.className = 'dose';
          label.textContent = inLanguage(d.label);
          var state = document.createElement('span');
          // written in words as well as coloured; overdue is the one to act on first
          state.className = 'badge ' + (d.status === 'overdue' ? 'far' : 'close');
          state.textContent = t(d.status === 'overdue' ? 'overdue' : 'due');
          li.appendChild(label);
          li.appendChild(document.createTextNode(' '));
          if (d.due) { li.appendChild(timeElement(d.due)); li.appendChild(document.createTextNode(' ')); }
          li.appendChild(state);
          ul.appendChild(li);
        });
        doses.appendChild(ul);
      }
      [name, born, doses].forEach(function (c) { tr.appendChild(c); });
      body.appendChild(tr);
    });
  }

  function load() {
    sessionStorage.setItem('sskdt-dashboard-year', $('year').value);
    dueLists = {}; // "Show" reads the forecasts again (a dose may have been recorded since)
    status(t('loading'));
    delete document.body.dataset.state;
    var jurisdiction = $('province').value || $('commune').value;
    return Promise.all([
      api('/Measure/$evaluate-measure?' + period() + '&jurisdiction=' + jurisdiction).then(function (r) { return r.json(); }),
      Object.keys(titles).length ? null
        : api('/Measure?_elements=url,title&_count=100').then(function (r) { return r.json(); }).then(function (b) {
          (b.entry || []).forEach(function (e) { if (e.resource.title) { titles[e.resource.url] = e.resource.title; } });
        })
    ]).then(function (results) {
      reports = (results[0].entry || []).map(function (e) { return e.resource; })
        .filter(function (r) { return r.resourceType === 'MeasureReport'; });
      if ($('province').value) { fillCommunes(); }
      var chosen = $('chart-indicator').value;
      $('chart-indicator').textContent = '';
      reports.forEach(function (r) {
        var o = document.createElement('option');
        o.value = measureId(r);
        o.textContent = titles[r.measure.split('|')[0]] || measureId(r);
        $('chart-indicator').appendChild(o);
      });
      // the headline indicator first; the user's choice is kept across reloads of the figures
      $('chart-indicator').value = chosen || 'fully-immunized-1y';
      if (!$('chart-indicator').value && reports[0]) { $('chart-indicator').value = measureId(reports[0]); }
      renderIndicators($('province').value ? $('commune').value : null);
      renderChart();
      return isStation() ? renderToReach() : null;
    }).then(function () {
      status(t('ready'));
      document.body.dataset.state = 'ready';
      window.sskdtDashboardReadyAt = performance.now(); // read by the browser test (load time)
    }).catch(failed);
  }

  function fillCommunes() {
    var keep = $('commune').value;
    var select = $('commune');
    select.textContent = '';
    var all = document.createElement('option');
    all.value = '';
    all.textContent = t('wholeProvince');
    select.appendChild(all);
    (reports[0] ? communeStrata(reports[0]) : []).slice()
      .sort(function (a, b) { return communeName(a).localeCompare(communeName(b), 'vi'); })
      .forEach(function (s) {
        var o = document.createElement('option');
        o.value = communeCode(s);
        o.textContent = communeName(s);
        select.appendChild(o);
      });
    select.value = keep;
  }

  function failed(error) {
    if (error.refused) { refuse(t('refusedApi', { status: error.refused })); return; }
    status(t('failed', { error: error.message }));
    document.body.dataset.state = 'failed';
  }

  function roles() { return (claims.realm_access && claims.realm_access.roles) || []; }

  function isStation() { return roles().indexOf('station-staff') >= 0 && !!claims.commune; }

  function downloadCsv() {
    var j = area();
    api('/Measure/$indicator-table?' + period() + '&jurisdiction=' + j, 'text/csv')
      .then(function (r) { return r.blob(); })
      .then(function (blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = t('csvFile') + '-' + j + '-' + $('year').value + '.csv';
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }).catch(failed);
  }

  function start() {
    claims = decodeClaims(token);
    $('signout').hidden = false;
    $('who').textContent = claims.name || claims.preferred_username || claims.sub || '';
    var allowed = ['analyst', 'station-staff', 'admin', 'system'];
    if (!roles().some(function (r) { return allowed.indexOf(r) >= 0; })) {
      refuse(t('refusedRole'));
      return;
    }
    var now = new Date().getFullYear();
    for (var y = now; y >= now - 5; y--) {
      var o = document.createElement('option');
      o.value = o.textContent = String(y);
      $('year').appendChild(o);
    }
    // the year chosen last in this tab survives a reload
    var year = sessionStorage.getItem('sskdt-dashboard-year');
    if (year && $('year').querySelector('option[value="' + year + '"]')) { $('year').value = year; }
    // the area is the one of the account: a province (or commune) for analysts, the station's commune
    var jurisdiction = isStation() ? claims.commune : (claims.jurisdiction || '');
    if (jurisdiction.length === 2) {
      $('province').appendChild(new Option(jurisdiction, jurisdiction));
    } else {
      $('province').closest('label').hidden = true;
      $('commune').appendChild(new Option(jurisdiction, jurisdiction));
      $('commune').disabled = true;
    }
    $('to-reach-section').hidden = !isStation();
    $('app').hidden = false;
    load().then(function () {
      // the province's name comes with its report
      if ($('province').value && reports[0]) { $('province').options[0].textContent = reports[0].subject.display; }
      if (!$('province').value && reports[0]) { $('commune').options[0].textContent = reports[0].subject.display; }
    });
  }

  $('lang').addEventListener('click', function () {
    lang = lang === 'vi' ? 'en' : 'vi';
    localStorage.setItem('sskdt-dashboard-lang', lang);
    applyLanguage();
    if (reports.length) { renderIndicators($('province').value ? $('commune').value : null); renderChart(); }
    if (toReach && isStation()) { drawToReach(); }
  });
  $('signin-button').addEventListener('click', signIn);
  $('signout').addEventListener('click', function () { sessionStorage.clear(); location.assign(REDIRECT); });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); load(); });
  $('year').addEventListener('change', load);
  $('commune').addEventListener('change', function () { if ($('province').value) { renderIndicators($('commune').value); } });
  $('chart-indicator').addEventListener('change', renderChart);
  $('to-reach-indicator').addEventListener('change', function () { renderToReach().catch(failed); });
  $('csv').addEventListener('click', downloadCsv);

  applyLanguage();
  var params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    finishSignIn(params).then(start).catch(function (e) {
      $('signin').hidden = false;
      refuse(t('signInFailed', { error: e.message }));
    });
  } else if (token) {
    start();
  } else {
    $('signin').hidden = false;
  }
})();
