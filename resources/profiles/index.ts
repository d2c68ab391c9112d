import nationalDefault from './national-default.json';
import xinjiangCounty from './xinjiang-county.json';
import yunnanPrefecture from './yunnan-prefecture.json';
import gansuCity from './gansu-city.json';
import sichuan2025 from './sichuan-2025.json';
import integratedCaps from './integrated-caps.json';

/** The shipped presets (DECISIONS.md), validated by the backend when it seeds them. */
export const PRESET_PROFILES: readonly unknown[] = [nationalDefault, xinjiangCounty, yunnanPrefecture, gansuCity, sichuan2025, integratedCaps];
export const DEFAULT_PROFILE_CODE = 'national-default';
