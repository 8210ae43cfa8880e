import { voteLines } from '../../main/precheck/mrz-ocr';
import { parseMrz } from '../../main/precheck/mrz-parse';
const reads = [
['P<SWEERIKSSON<<PIETER<JAN<<<<<<<<<<<<<<<<<<<','YZ51798207SWE8102128?270410613730777500<<<66'],
['P<SWEERIKSSON<<PIETER<JAN<<<<<<<<<<<<<<<<<<<','YZ51798207SWE8102128M270410613730777500<<<66'],
['P<SWEERIKSSON<<PIETER<JAN<<<<<<<<<<<<<<<<<<<','YZS1798207SWE8102128M270410613730777500<<<66']];
const v = voteLines(reads); console.log(v);
console.log(parseMrz(v.lines, { repairablePositions: v.disagreements }));
