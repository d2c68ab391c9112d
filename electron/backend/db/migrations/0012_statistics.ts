/** Reserved: filled by its feature before the first release that ships it. */
export default `
-- reserved
SELECT 1;
`;
