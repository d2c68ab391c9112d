import nationalDefault from './national-default.json' with { type: 'json' };
import xinjiangCounty from './xinjiang-county.json' with { type: 'json' };
import yunnanPrefecture from './yunnan-prefecture.json' with { type: 'json' };
import gansuCity from './gansu-city.json' with { type: 'json' };
import sichuan2025 from './sichuan-2025.json' with { type: 'json' };
import integratedCaps from './integrated-caps.json' with { type: 'json' };

/** The shipped presets (DECISIONS.md), validated by the backend when it seeds them. */
export const PRESET_PROFILES: readonly unknown[] = [nationalDefault, xinjiangCounty, yunnanPrefecture, gansuCity, sichuan2025, integratedCaps];
export const DEFAULT_PROFILE_CODE = 'national-default';
